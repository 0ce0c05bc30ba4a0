import type { NodeStore } from './NodeStore.ts'
import { decodeNode } from './TreeNode.ts'
import { compareKeys, splitIndex } from './keyBits.ts'
import { isEmptyHash, toHex } from './treeHash.ts'

/**
 * The prefetch step for a store whose reads are a synchronous cache in front of slow storage:
 * the hashes of nodes that reading, proving or updating these keys at `root` would need and the
 * store lacks, as far as the walk can see. Load them into the cache and call again until it
 * returns []; that takes at most one round per tree level, each one batched read. A change with
 * `value: null` (a delete) also needs the siblings on its path, because a leaf left alone moves up.
 */
export function missingNodes(store: NodeStore, root: Uint8Array, keys: readonly { readonly key: Uint8Array; readonly value?: Uint8Array | null }[]): string[] {
  const sorted = [...keys].sort((a, b) => compareKeys(a.key, b.key))
  // deletes[i] = number of deletions in sorted[0, i), for O(1) "any delete in range" checks.
  const deletes = new Int32Array(sorted.length + 1)
  for (let i = 0; i < sorted.length; i++) deletes[i + 1] = deletes[i]! + (sorted[i]!.value === null ? 1 : 0)
  const missing = new Set<string>()

  const present = (hash: Uint8Array): Uint8Array | undefined => {
    if (isEmptyHash(hash)) return undefined
    const hex = toHex(hash)
    const bytes = store.get(hex)
    if (bytes === undefined) missing.add(hex)
    return bytes
  }

  const visit = (hash: Uint8Array, depth: number, lo: number, hi: number): void => {
    const bytes = present(hash)
    if (bytes === undefined) return
    const node = decodeNode(bytes)
    if (node.kind === 'leaf') return
    const mid = splitIndex(sorted, lo, hi, depth)
    if (lo < mid) visit(node.left, depth + 1, lo, mid)
    else if (deletes[hi]! > deletes[mid]!) present(node.left)
    if (mid < hi) visit(node.right, depth + 1, mid, hi)
    else if (deletes[mid]! > deletes[lo]!) present(node.right)
  }

  if (sorted.length > 0) visit(root, 0, 0, sorted.length)
  return [...missing]
}
