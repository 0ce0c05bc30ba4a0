import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import type { SparseMerkleProof } from './SparseMerkleProof.ts'
import { EMPTY_HEX, LEAF_TAG, asBuffer, decodeLeaf } from './TreeNode.ts'
import { BRANCH, EMPTY, LEAF, TreePage } from './TreePage.ts'
import { keyBit } from './keyBits.ts'
import { bytesEqual, hashValue, toHex } from './treeHash.ts'

/** The value under `key` at `root` (undefined if absent) and a proof of it for `verifyProof`. */
export function proveKey(store: NodeStore, root: Uint8Array, key: Uint8Array): { value: Uint8Array | undefined; proof: SparseMerkleProof } {
  const bitmap = new Uint8Array(32)
  const siblings: Uint8Array[] = []
  const page = new TreePage()
  const load = (hash: string): Buffer => {
    const bytes = store.get(hash)
    if (bytes === undefined) throw new MissingNodeError(hash)
    return asBuffer(bytes)
  }
  // Walk the binary path inside each page until it reaches an empty subtree or a leaf.
  let hash = toHex(root)
  let depth = 0
  let bytes = hash === EMPTY_HEX ? undefined : load(hash)
  while (bytes !== undefined && bytes[0] !== LEAF_TAG) {
    page.load(bytes, hash)
    let p = 1
    for (;;) {
      const bit = keyBit(key, depth)
      const sibling = 2 * p + (1 - bit)
      if (page.kinds[sibling] !== EMPTY) {
        bitmap[depth >> 3]! |= 0x80 >> (depth & 7)
        siblings.push(page.hashAt(sibling))
      }
      p = 2 * p + bit
      depth++
      const kind = page.kinds[p]
      if (kind === EMPTY) {
        bytes = undefined
        break
      }
      if (kind === LEAF || p >= 16) {
        // A leaf (wherever it sits in the page) or the next page, at a slot.
        hash = page.hexAt(p)
        bytes = load(hash)
        if (kind === BRANCH && bytes[0] === LEAF_TAG) throw new Error(`corrupt tree: slot ${hash} is marked as a page`)
        break
      }
    }
  }
  let value: Uint8Array | undefined
  let leaf: SparseMerkleProof['leaf']
  if (bytes !== undefined) {
    // Copies into plain Uint8Arrays: a proof must not alias the store's buffers.
    const found = decodeLeaf(bytes)
    if (bytesEqual(found.key, key)) value = new Uint8Array(found.value)
    else leaf = { key: new Uint8Array(found.key), valueHash: new Uint8Array(hashValue(found.value)) }
  }
  const proof: SparseMerkleProof = { depth, bitmap: bitmap.slice(0, Math.ceil(depth / 8)), siblings, ...(leaf ? { leaf } : {}) }
  return { value, proof }
}
