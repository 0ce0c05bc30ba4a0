/**
 * Path of a key through the tree: bit `depth` of the key, most significant bit of byte 0
 * first; 0 goes left, 1 goes right.
 */
export function keyBit(key: Uint8Array, depth: number): number {
  return (key[depth >> 3]! >> (7 - (depth & 7))) & 1
}

/**
 * In keys[lo, hi), sorted and sharing their first `depth` bits, the index of the first key whose
 * bit `depth` is 1 (hi if none): the split between the left and the right subtree.
 */
export function splitIndex(keys: readonly { readonly key: Uint8Array }[], lo: number, hi: number, depth: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keyBit(keys[mid]!.key, depth) === 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Compare two keys as unsigned big-endian numbers (the tree's left-to-right order). */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b)
}
