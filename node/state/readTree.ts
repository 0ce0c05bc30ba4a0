import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import { decodeNode } from './TreeNode.ts'
import { keyBit } from './keyBits.ts'
import { bytesEqual, isEmptyHash, toHex } from './treeHash.ts'

/** The value under `key` in the tree at `root`, or undefined. Any retained root can be read. */
export function readTree(store: NodeStore, root: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  let hash = root
  for (let depth = 0; !isEmptyHash(hash); depth++) {
    const hex = toHex(hash)
    const bytes = store.get(hex)
    if (bytes === undefined) throw new MissingNodeError(hex)
    const node = decodeNode(bytes)
    if (node.kind === 'leaf') return bytesEqual(node.key, key) ? node.value : undefined
    hash = keyBit(key, depth) === 0 ? node.left : node.right
  }
  return undefined
}
