/** Helpers of the state-tree tests: readable 32-byte keys and UTF-8 values. */

/** A 32-byte key starting with `bytes`, zeros after. */
export const key = (...bytes: number[]): Uint8Array => {
  const k = new Uint8Array(32)
  k.set(bytes)
  return k
}

/** A 32-byte key with first byte `first` and last byte `last`. */
export const keyLast = (first: number, last: number): Uint8Array => {
  const k = key(first)
  k[31] = last
  return k
}

export const val = (s: string): Uint8Array => new TextEncoder().encode(s)
export const EMPTY = new Uint8Array(32)
