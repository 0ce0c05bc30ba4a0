import { hash } from 'node:crypto'

/*
 * Hashing of the sparse Merkle tree (LIP-0039 layout, SHA-256, domain-separated so a leaf can
 * never be passed off as a branch or the other way round):
 *   value  = H(value bytes)
 *   leaf   = H(0x00 || key(32) || H(value))
 *   branch = H(0x01 || left(32) || right(32))
 *   empty  = 32 zero bytes (no hashing: a constant with no known SHA-256 preimage)
 * Node's one-shot `crypto.hash` (OpenSSL) is used because it is ~5x faster than @noble/hashes
 * here and ~1.6x faster than createHash; every node computes the same bytes either way.
 * This file is the byte-level form, used by proofs; the update path hashes in TreeNode.ts and
 * TreePage.ts on hex strings (the same rules, checked against each other by the tests).
 */

/** The root of the empty tree: 32 zero bytes (a fresh copy). */
export function emptyRoot(): Uint8Array {
  // A function, not an exported constant: a caller mutating a shared array would change every root comparison.
  return new Uint8Array(32)
}

const LEAF_PREFIX = 0x00
const BRANCH_PREFIX = 0x01

// One scratch buffer for the fixed 65-byte preimages: crypto.hash is synchronous and copies its input.
const scratch = Buffer.alloc(65)

/** SHA-256 of a leaf's value. */
export function hashValue(value: Uint8Array): Buffer {
  return hash('sha256', value, 'buffer')
}

/** Hash of a leaf given its key and the hash of its value. */
export function hashLeaf(key: Uint8Array, valueHash: Uint8Array): Buffer {
  scratch[0] = LEAF_PREFIX
  scratch.set(key, 1)
  scratch.set(valueHash, 33)
  return hash('sha256', scratch, 'buffer')
}

/** Hash of a branch given its children's hashes (32 zero bytes for an empty child). */
export function hashBranch(left: Uint8Array, right: Uint8Array): Buffer {
  scratch[0] = BRANCH_PREFIX
  scratch.set(left, 1)
  scratch.set(right, 33)
  return hash('sha256', scratch, 'buffer')
}

/** True for the empty-subtree hash. */
export function isEmptyHash(h: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (h[i] !== 0) return false
  return true
}

/** Lowercase hex without `0x`: how node hashes are named in a NodeStore. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** True when two byte arrays are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
