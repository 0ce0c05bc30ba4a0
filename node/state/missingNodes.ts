import type { NodeStore } from './NodeStore.ts'
import { EMPTY_HEX, LEAF_TAG, asBuffer, nibbleAt } from './TreeNode.ts'
import { BRANCH, LEAF, TreePage, pageSlot } from './TreePage.ts'
import { compareKeys } from './keyBits.ts'
import { toHex } from './treeHash.ts'

/**
 * The prefetch step for a store whose reads are a synchronous cache in front of slow storage:
 * the hashes of nodes that work on these keys at `root` would need and the store lacks, as far
 * as the walk can see. Load them into the cache and call again until it returns []: one round
 * per page level on the paths (about log16 of the tree's size), each one batched read.
 * `leaves`: 'none' is enough for `updateTree` (pages record their leaves' keys and hashes),
 * 'matching' for `readTree` (the leaves of these keys), 'all' (the default, a superset of
 * both) also for `proveKey`, whose path may end at another key's leaf.
 */
export function missingNodes(store: NodeStore, root: Uint8Array, keys: readonly { readonly key: Uint8Array }[], leaves: 'none' | 'matching' | 'all' = 'all'): string[] {
  const sorted = [...keys].sort((a, b) => compareKeys(a.key, b.key))
  const missing = new Set<string>()
  const pages: TreePage[] = []

  const need = (hash: string): Buffer | undefined => {
    const stored = store.get(hash)
    if (stored === undefined) missing.add(hash)
    return stored === undefined ? undefined : asBuffer(stored)
  }

  const visit = (hash: string, bytes: Buffer, depth: number, lo: number, hi: number): void => {
    if (bytes[0] === LEAF_TAG) return
    let page: TreePage | undefined
    for (let i = lo; i < hi; ) {
      const n = nibbleAt(sorted[i]!.key, depth)
      let j = i + 1
      while (j < hi && nibbleAt(sorted[j]!.key, depth) === n) j++
      const slot = pageSlot(bytes, n)
      if (slot.hash === EMPTY_HEX) {
        if (leaves === 'all') {
          // The key's slot is empty, so its binary path ends higher up: at an empty position,
          // or at the lone leaf of the sibling side, which a proof of absence needs.
          if (page === undefined) (page = pages[depth >> 2] ??= new TreePage()).load(bytes, hash)
          let p = 1
          for (let t = 0; t < 4 && page.kinds[p] === BRANCH; t++) p = 2 * p + ((n >> (3 - t)) & 1)
          if (page.kinds[p] === LEAF) need(page.hexAt(p))
        }
      } else if (slot.keyAt < 0) {
        const child = need(slot.hash)
        if (child !== undefined) visit(slot.hash, child, depth + 4, i, j)
      } else if (leaves === 'all' || (leaves === 'matching' && sorted.slice(i, j).some((k) => keyEquals(bytes, slot.keyAt, k.key)))) {
        need(slot.hash)
      }
      i = j
    }
  }

  const rootHex = toHex(root)
  if (sorted.length > 0 && rootHex !== EMPTY_HEX) {
    const bytes = need(rootHex)
    if (bytes !== undefined) visit(rootHex, bytes, 0, 0, sorted.length)
  }
  return [...missing]
}

function keyEquals(bytes: Uint8Array, at: number, key: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (bytes[at + i] !== key[i]) return false
  return true
}
