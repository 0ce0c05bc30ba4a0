import type { SparseMerkleProof } from './SparseMerkleProof.ts'
import { keyBit } from './keyBits.ts'
import { bytesEqual, hashBranch, hashLeaf, hashValue, isEmptyHash } from './treeHash.ts'

const EMPTY_HASH = new Uint8Array(32)

/**
 * Check a proof without the store (what a light client runs): `value` is the claimed value of
 * `key` under `root`, or null to claim the key is absent. Returns false, never throws, for any
 * malformed, tampered or mismatched input.
 */
export function verifyProof(root: Uint8Array, key: Uint8Array, value: Uint8Array | null, proof: SparseMerkleProof): boolean {
  if (!is32(root) || !is32(key) || !wellFormed(proof)) return false
  let h: Uint8Array
  if (value !== null) {
    if (!(value instanceof Uint8Array) || proof.leaf) return false
    h = hashLeaf(key, hashValue(value))
  } else if (proof.leaf) {
    const { key: other, valueHash } = proof.leaf
    if (!is32(other) || !is32(valueHash) || bytesEqual(other, key)) return false
    // The leaf must sit on the key's path, i.e. share its first `depth` bits.
    for (let d = 0; d < proof.depth; d++) if (keyBit(other, d) !== keyBit(key, d)) return false
    h = hashLeaf(other, valueHash)
  } else {
    h = EMPTY_HASH
  }
  let next = proof.siblings.length
  for (let d = proof.depth - 1; d >= 0; d--) {
    const sibling = (proof.bitmap[d >> 3]! >> (7 - (d & 7))) & 1 ? proof.siblings[--next]! : EMPTY_HASH
    h = keyBit(key, d) === 1 ? hashBranch(sibling, h) : hashBranch(h, sibling)
  }
  return bytesEqual(h, root)
}

function is32(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array && b.length === 32
}

// One shape per proof: the bitmap is as long as the path, its unused bits are 0, and it marks
// exactly the listed siblings, none of which is the empty hash.
function wellFormed(p: SparseMerkleProof): boolean {
  if (!Number.isInteger(p.depth) || p.depth < 0 || p.depth > 256) return false
  if (!(p.bitmap instanceof Uint8Array) || p.bitmap.length !== Math.ceil(p.depth / 8) || !Array.isArray(p.siblings)) return false
  let count = 0
  for (let i = 0; i < p.bitmap.length * 8; i++) {
    const bit = (p.bitmap[i >> 3]! >> (7 - (i & 7))) & 1
    if (bit && i >= p.depth) return false
    count += bit
  }
  if (count !== p.siblings.length) return false
  for (const s of p.siblings) if (!is32(s) || isEmptyHash(s)) return false
  return true
}
