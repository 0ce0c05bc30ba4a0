import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import { EMPTY_HEX, LEAF_TAG, asBuffer, decodeLeaf, nibbleAt } from './TreeNode.ts'
import { pageSlot } from './TreePage.ts'
import { bytesEqual, toHex } from './treeHash.ts'

/** The value under `key` in the tree at `root`, or undefined. Any retained root can be read. */
export function readTree(store: NodeStore, root: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  // One lookup per page (four levels). A leaf slot's key is in the page, so an absent key
  // stops there; a present one costs one more lookup, for the value.
  let hash = toHex(root)
  for (let depth = 0; hash !== EMPTY_HEX; depth += 4) {
    const stored = store.get(hash)
    if (stored === undefined) throw new MissingNodeError(hash)
    const bytes = asBuffer(stored)
    if (bytes[0] === LEAF_TAG) {
      const leaf = decodeLeaf(bytes)
      return bytesEqual(leaf.key, key) ? leaf.value : undefined
    }
    const slot = pageSlot(bytes, nibbleAt(key, depth))
    if (slot.keyAt >= 0 && !keyAt(bytes, slot.keyAt, key)) return undefined
    hash = slot.hash
  }
  return undefined
}

function keyAt(bytes: Uint8Array, at: number, key: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (bytes[at + i] !== key[i]) return false
  return true
}
