import { newBytes } from './newBytes.ts'

/** `0x` + lowercase hex of `bytes`. @example toHex(Uint8Array.of(1, 255)) // '0x01ff' */
export function toHex(bytes: Uint8Array): string {
  return '0x' + hexOf(bytes)
}

/** The bytes of a `0x`-prefixed, even-length hex string (either case); throws TypeError otherwise. */
export function fromHex(hex: string): Uint8Array {
  if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError(`fromHex: not 0x-prefixed even-length hex: ${hex.slice(0, 20)}`)
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'))
}

// Buffer's own slicers (what buf.toString('hex' | 'latin1') calls) read any Uint8Array directly,
// with no Buffer made per call; should a Node release drop them, the same result via a Buffer view.
type Slicer = (this: Uint8Array, start: number, end: number) => string
const slicers = Buffer.prototype as unknown as { hexSlice?: Slicer; latin1Slice?: Slicer }
const viaView = (encoding: 'hex' | 'latin1'): Slicer =>
  function (this: Uint8Array, start: number, end: number) {
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString(encoding, start, end)
  }
const hexSlice: Slicer = typeof slicers.hexSlice === 'function' ? slicers.hexSlice : viaView('hex')
const latin1Slice: Slicer = typeof slicers.latin1Slice === 'function' ? slicers.latin1Slice : viaView('latin1')

/** Lowercase hex of `bytes` (no 0x). */
export function hexOf(bytes: Uint8Array): string {
  return hexSlice.call(bytes, 0, bytes.length)
}

/** `bytes` as a string of one char per byte (Latin-1): a Map key for bytes, or ASCII text. */
export function latin1Of(bytes: Uint8Array): string {
  return latin1Slice.call(bytes, 0, bytes.length)
}

/** Copy `s` into out[at, at + s.length) one byte per character if it is all ASCII; false (out may hold part of it) if not. */
export function asciiInto(s: string, out: Uint8Array, at: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 0x7f) return false
    out[at + i] = c
  }
  return true
}

/** The value of a lowercase hex digit's char code; 255 for any other code unit. */
const NIBBLES = new Uint8Array(65536).fill(255)
for (let i = 0; i < 10; i++) NIBBLES[48 + i] = i
for (let i = 0; i < 6; i++) NIBBLES[97 + i] = 10 + i

/**
 * Decode the `n` bytes spelled by the lowercase hex digits of `s` from index `from` into
 * out[at, at + n). False if `s` is too short or one of those characters is not [0-9a-f] (out
 * may then hold part of them). In JS rather than Buffer.write: a third of the time for a hash.
 */
export function decodeHexInto(s: string, from: number, n: number, out: Uint8Array, at: number): boolean {
  if (s.length < from + 2 * n) return false
  for (let i = 0; i < n; i++) {
    const hi = NIBBLES[s.charCodeAt(from + 2 * i)]!
    const lo = NIBBLES[s.charCodeAt(from + 2 * i + 1)]!
    if ((hi | lo) > 15) return false
    out[at + i] = (hi << 4) | lo
  }
  return true
}

/**
 * The bytes of `h`, a `0x`-prefixed lowercase hex string the node made itself (a hash, an
 * address); throws TypeError on anything else.
 */
export function ownHexBytes(h: string): Uint8Array {
  const bad = () => new TypeError(`not 0x-prefixed lowercase hex: ${String(h).slice(0, 20)}`)
  if (typeof h !== 'string' || h.length % 2 !== 0 || h.charCodeAt(0) !== 0x30 || h.charCodeAt(1) !== 0x78) throw bad()
  const n = (h.length - 2) >> 1
  const out = newBytes(n)
  if (!decodeHexInto(h, 2, n, out, 0)) throw bad()
  return out
}
