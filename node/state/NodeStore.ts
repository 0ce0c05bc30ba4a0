/**
 * Where the tree reads its nodes: hash (lowercase hex, no `0x`) → stored node bytes.
 * Reads are synchronous because the VM reads state synchronously during execution. The tree
 * never writes: updates return their new nodes for the caller to commit atomically with the
 * rest of a block. A persistent node puts a synchronous in-memory cache in front of LevelDB
 * and fills it before a block with `missingNodes` (see there), so `get` stays synchronous.
 */
export interface NodeStore {
  /** The node stored under this hash, or undefined if this store does not have it (yet). */
  get(hash: string): Uint8Array | undefined
}
