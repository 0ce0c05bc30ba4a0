import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import { EMPTY_HEX, LEAF_TAG, asBuffer, decodeLeaf, nibbleAt } from './TreeNode.ts'
import { pageSlot } from './TreePage.ts'
import { bytesEqual, toHex } from './treeHash.ts'

/** The value under `key` in the tree at `root`, or undefined. Any retained root can be read. */
export function readTree(store: NodeStore, root: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  // One lookup per page (four levels), then the leaf: its key decides, as a leaf may sit above its own slot.
  let hash = toHex(root)
  for (let depth = 0; hash !== EMPTY_HEX; depth += 4) {
    const stored = store.get(hash)
    if (stored === undefined) throw new MissingNodeError(hash)
    const bytes = asBuffer(stored)
    if (bytes[0] === LEAF_TAG) {
      const leaf = decodeLeaf(bytes)
      return bytesEqual(leaf.key, key) ? leaf.value : undefined
    }
    hash = pageSlot(bytes, nibbleAt(key, depth))
  }
  return undefined
}
