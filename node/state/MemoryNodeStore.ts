import type { NodeStore } from './NodeStore.ts'

/**
 * A NodeStore in a Map, for tests and in-process devnets; with a `parent` it is a layer over
 * another store (reads fall through), e.g. the uncommitted nodes of a block over the chain's store.
 */
export class MemoryNodeStore implements NodeStore {
  readonly nodes = new Map<string, Uint8Array>()
  constructor(readonly parent?: NodeStore) {}

  get(hash: string): Uint8Array | undefined {
    return this.nodes.get(hash) ?? this.parent?.get(hash)
  }

  /** Add an update's new nodes. Idempotent: a hash always names the same bytes. */
  putAll(nodes: ReadonlyMap<string, Uint8Array>): void {
    for (const [h, bytes] of nodes) this.nodes.set(h, bytes)
  }
}
