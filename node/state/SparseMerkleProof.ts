/**
 * A proof that a key has a given value, or no value, under a root (LIP-0039 style, one key).
 * The key's path from the root ends after `depth` branches at a leaf or an empty subtree; the
 * siblings met on the way are listed, empty ones left out and marked 0 in the bitmap.
 */
export interface SparseMerkleProof {
  /** Branches on the path from the root (0..256). */
  readonly depth: number
  /** Bit i (most significant first) is 1 when the sibling at depth i is not empty; ceil(depth/8) bytes, unused bits 0. */
  readonly bitmap: Uint8Array
  /** The non-empty sibling hashes, root side first. */
  readonly siblings: readonly Uint8Array[]
  /** Non-inclusion only: the other key's leaf where the path ends (absent when it ends in an empty subtree). */
  readonly leaf?: { readonly key: Uint8Array; readonly valueHash: Uint8Array }
}

/**
 * Canonical bytes of a proof, for RPC: depth (u16 BE) || bitmap || siblings (32 bytes each) ||
 * 0x00, or 0x01 || leaf key (32) || leaf value hash (32). One encoding per proof.
 */
export function encodeProof(proof: SparseMerkleProof): Uint8Array {
  const size = 2 + proof.bitmap.length + 32 * proof.siblings.length + 1 + (proof.leaf ? 64 : 0)
  const out = new Uint8Array(size)
  out[0] = proof.depth >> 8
  out[1] = proof.depth & 0xff
  let at = 2
  out.set(proof.bitmap, at)
  at += proof.bitmap.length
  for (const s of proof.siblings) {
    out.set(s, at)
    at += 32
  }
  out[at++] = proof.leaf ? 1 : 0
  if (proof.leaf) {
    out.set(proof.leaf.key, at)
    out.set(proof.leaf.valueHash, at + 32)
  }
  return out
}

/** Parse `encodeProof` bytes; undefined for anything that is not exactly one well-formed proof. */
export function decodeProof(bytes: Uint8Array): SparseMerkleProof | undefined {
  if (bytes.length < 3) return undefined
  const depth = (bytes[0]! << 8) | bytes[1]!
  if (depth > 256) return undefined
  const bitmapLength = Math.ceil(depth / 8)
  if (bytes.length < 2 + bitmapLength + 1) return undefined
  const bitmap = bytes.slice(2, 2 + bitmapLength)
  let count = 0
  for (let i = 0; i < depth; i++) count += (bitmap[i >> 3]! >> (7 - (i & 7))) & 1
  let at = 2 + bitmapLength
  if (bytes.length < at + 32 * count + 1) return undefined
  const siblings: Uint8Array[] = []
  for (let i = 0; i < count; i++, at += 32) siblings.push(bytes.slice(at, at + 32))
  const flag = bytes[at++]
  if (flag === 0 && bytes.length === at) return { depth, bitmap, siblings }
  if (flag === 1 && bytes.length === at + 64) return { depth, bitmap, siblings, leaf: { key: bytes.slice(at, at + 32), valueHash: bytes.slice(at + 32, at + 64) } }
  return undefined
}
