import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import type { SparseMerkleProof } from './SparseMerkleProof.ts'
import { decodeNode } from './TreeNode.ts'
import { keyBit } from './keyBits.ts'
import { bytesEqual, hashValue, isEmptyHash, toHex } from './treeHash.ts'

/** The value under `key` at `root` (undefined if absent) and a proof of it for `verifyProof`. */
export function proveKey(store: NodeStore, root: Uint8Array, key: Uint8Array): { value: Uint8Array | undefined; proof: SparseMerkleProof } {
  const bitmap = new Uint8Array(32)
  const siblings: Uint8Array[] = []
  let hash = root
  let depth = 0
  let value: Uint8Array | undefined
  let leaf: SparseMerkleProof['leaf']
  while (!isEmptyHash(hash)) {
    const hex = toHex(hash)
    const bytes = store.get(hex)
    if (bytes === undefined) throw new MissingNodeError(hex)
    const node = decodeNode(bytes)
    if (node.kind === 'leaf') {
      // Copies into plain Uint8Arrays: a proof must not alias the store's buffers (Buffer.slice would).
      if (bytesEqual(node.key, key)) value = new Uint8Array(node.value)
      else leaf = { key: new Uint8Array(node.key), valueHash: new Uint8Array(hashValue(node.value)) }
      break
    }
    const right = keyBit(key, depth) === 1
    const sibling = right ? node.left : node.right
    if (!isEmptyHash(sibling)) {
      bitmap[depth >> 3]! |= 0x80 >> (depth & 7)
      siblings.push(new Uint8Array(sibling))
    }
    hash = right ? node.right : node.left
    depth++
  }
  const proof: SparseMerkleProof = { depth, bitmap: bitmap.slice(0, Math.ceil(depth / 8)), siblings, ...(leaf ? { leaf } : {}) }
  return { value, proof }
}
