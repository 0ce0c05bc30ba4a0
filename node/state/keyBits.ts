/**
 * Path of a key through the tree: bit `depth` of the key, most significant bit of byte 0
 * first; 0 goes left, 1 goes right.
 */
export function keyBit(key: Uint8Array, depth: number): number {
  return (key[depth >> 3]! >> (7 - (depth & 7))) & 1
}

/** Compare two 32-byte keys as unsigned big-endian numbers (the tree's left-to-right order). */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  // A JS loop, not Buffer.compare: keys are hashes, so they differ in the first byte or two,
  // and the native call's overhead was the largest single cost of sorting a block's keys.
  for (let i = 0; i < 32; i++) {
    const d = a[i]! - b[i]!
    if (d !== 0) return d
  }
  return 0
}
