import type { NodeStore } from '../state/NodeStore.ts'
import { missingNodes } from '../state/missingNodes.ts'
import { ChainStore, getValues, stateNodeKey } from './ChainStore.ts'

/**
 * State-tree nodes for synchronous reads: an in-memory map in front of LevelDB. The tree reads
 * synchronously (the VM cannot wait), so before a tree operation the node calls `prefetch`,
 * which loads what the operation will need (state/missingNodes) with batched reads.
 * The cache is bounded; evicting a node only costs a later re-read. Over the in-memory store it
 * is the only home of the nodes (ChainStore.treeNodesInCache), so there it is unbounded.
 */
export class CachedNodeStore implements NodeStore {
  private readonly cache = new Map<string, Uint8Array>()
  /**
   * True while the cache holds every node of the store: the chain began in this process (so
   * every node was `remember`ed) and nothing was evicted since. Then a prefetch has nothing to do.
   */
  private holdsAll = false
  constructor(
    readonly store: ChainStore,
    /** Unbounded when the store keeps no tree nodes of its own (ChainStore.treeNodesInCache). */
    readonly maxEntries = store.treeNodesInCache ? Infinity : 500_000,
  ) {}

  /** Declare the store empty of nodes (a new chain): from now on every node passes through here. */
  startsEmpty(): void {
    if (this.cache.size === 0) this.holdsAll = true
  }

  get(hash: string): Uint8Array | undefined {
    return this.cache.get(hash)
  }

  /** Remember nodes just written (they are in the block's batch too). */
  remember(nodes: Map<string, Uint8Array>): void {
    for (const [h, bytes] of nodes) this.cache.set(h, bytes)
    this.trim()
  }

  /** Load from disk every node that reading or updating `keys` at `root` will touch. */
  async prefetch(root: Uint8Array, keys: readonly { readonly key: Uint8Array; readonly value?: Uint8Array | null }[]): Promise<void> {
    if (this.holdsAll) return
    for (let round = 0; round < 300; round++) {
      const missing = missingNodes(this, root, keys)
      if (missing.length === 0) return
      const values = await getValues(this.store, missing.map(stateNodeKey))
      for (let i = 0; i < missing.length; i++) {
        const v = values[i]
        if (v === undefined) throw new Error(`state node ${missing[i]} is missing from the store: the data directory is damaged`)
        this.cache.set(missing[i]!, v)
      }
    }
    throw new Error('state prefetch did not converge')
  }

  private trim(): void {
    if (this.cache.size <= this.maxEntries) return
    this.holdsAll = false
    let drop = this.cache.size - this.maxEntries
    for (const k of this.cache.keys()) {
      if (drop-- <= 0) break
      this.cache.delete(k)
    }
  }
}
