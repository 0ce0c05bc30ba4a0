import type { NodeStore } from './NodeStore.ts'
import { EMPTY_HEX, LEAF_TAG, asBuffer, nibbleAt } from './TreeNode.ts'
import { pageSlot } from './TreePage.ts'
import { compareKeys } from './keyBits.ts'
import { toHex } from './treeHash.ts'

/**
 * The prefetch step for a store whose reads are a synchronous cache in front of slow storage:
 * the hashes of nodes that reading, proving or updating these keys at `root` would need and the
 * store lacks, as far as the walk can see. Load them into the cache and call again until it
 * returns []; that takes one round per page level on the path (about log16 of the key count),
 * each one batched read. Updates need nothing off the keys' paths: pages record which of their
 * slots hold leaves, so moving a lone leaf up needs no extra read.
 */
export function missingNodes(store: NodeStore, root: Uint8Array, keys: readonly { readonly key: Uint8Array }[]): string[] {
  const sorted = [...keys].sort((a, b) => compareKeys(a.key, b.key))
  const missing = new Set<string>()

  const visit = (hash: string, depth: number, lo: number, hi: number): void => {
    if (hash === EMPTY_HEX) return
    const stored = store.get(hash)
    if (stored === undefined) {
      missing.add(hash)
      return
    }
    const bytes = asBuffer(stored)
    if (bytes[0] === LEAF_TAG) return
    for (let i = lo; i < hi; ) {
      const n = nibbleAt(sorted[i]!.key, depth)
      let j = i + 1
      while (j < hi && nibbleAt(sorted[j]!.key, depth) === n) j++
      visit(pageSlot(bytes, n), depth + 4, i, j)
      i = j
    }
  }

  if (sorted.length > 0) visit(toHex(root), 0, 0, sorted.length)
  return [...missing]
}
