/**
 * The one canonical binary encoding of the node: schema-driven, so that every value has exactly
 * one byte string and every byte string decodes to at most one value. Decoding checks
 * everything (minimal varints, minimal big integers, tags, UTF-8, lengths against limits,
 * trailing bytes) and fails with a coded `CodecError`.
 *
 * Wire forms:
 *   u8            1 byte
 *   u64, u53      unsigned LEB128 varint, minimal, at most 10 bytes (≤ 2^64-1); u53 also ≤ 2^53-1
 *   biguint       varint byte length + big-endian magnitude, no leading zero byte (0 is empty)
 *   bool          1 byte, 0 or 1
 *   bytes(n)      n raw bytes (hexBytes(n): the same, shown as a `0x…` string)
 *   varBytes      varint length + bytes
 *   string        varint byte length + UTF-8
 *   optional(x)   tag 0, or tag 1 + x
 *   list(x)       varint count + items
 *   struct        fields in schema order, no names, no framing
 *   union         u8 tag + body
 *   enumOf        u8 index into the listed names
 *
 * Ownership: decoded byte strings are copies; callers may reuse or mutate the input buffer.
 * Hostile lengths: a length or count is checked against the field maximum and against the bytes
 * that remain before anything is allocated, so allocation is bounded by the input size.
 */
import { CodecError, type CodecErrorCode } from './errors.ts'
import { asciiInto, decodeHexInto, hexOf, latin1Of } from './hex.ts'
import { newBytes } from './newBytes.ts'

/** A codec for values of type `T`; build them with the combinators below, not by hand. */
export interface Codec<T> {
  /** Smallest possible encoding in bytes: lets `list` reject a hostile count before allocating. */
  readonly minSize: number
  write(w: Writer, value: T): void
  read(r: Reader): T
}

/** A codec whose value may be absent; inside a `struct` its field becomes optional (`name?:`). */
export interface OptionalCodec<T> extends Codec<T | undefined> {
  readonly optional: true
}

/** The value type of a codec. @example type Tx = Infer<typeof txCodec> */
export type Infer<C> = C extends Codec<infer T> ? T : never

/** Largest u64 value (2^64-1). */
export const MAX_U64 = (1n << 64n) - 1n

/** Default maximum length of a byte string, string or list when a schema does not give one. */
export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024

function invalid(detail: string): never {
  throw new CodecError('CODEC_INVALID_VALUE', detail)
}

/**
 * Growable output buffer that codecs append to. Its working buffer comes from a small pool and
 * goes back to it on `finish`: allocating an ArrayBuffer costs about a microsecond, more than
 * encoding a small value, and the node encodes several values per transaction.
 */
export class Writer {
  private buf: Buffer = SCRATCH.pop() ?? Buffer.allocUnsafeSlow(SCRATCH_BYTES)
  private len = 0

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return
    let size = Math.max(SCRATCH_BYTES, this.buf.length * 2)
    while (size < this.len + extra) size *= 2
    const next = Buffer.allocUnsafeSlow(size)
    this.buf.copy(next, 0, 0, this.len)
    this.buf = next
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.len++] = b
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.len)
    this.len += b.length
  }

  /**
   * The `n` bytes spelled by the lowercase hex digits of `s` from index `from`; false (and nothing
   * counted as written) if one of those 2n characters is not [0-9a-f].
   */
  hex(s: string, from: number, n: number): boolean {
    this.ensure(n)
    if (!decodeHexInto(s, from, n, this.buf, this.len)) return false
    this.len += n
    return true
  }

  /** `s` as UTF-8, `byteLength` bytes (Buffer.byteLength; the caller has checked `s` is well formed). */
  utf8(s: string, byteLength: number): void {
    this.ensure(byteLength)
    this.len += this.buf.write(s, this.len, byteLength, 'utf8')
  }

  /**
   * `s` as UTF-8 if it is all ASCII and at most `max` long (one byte per character, written here
   * without a native call): true; false (nothing counted as written) otherwise.
   */
  ascii(s: string, max: number): boolean {
    if (s.length > max) return false
    this.ensure(s.length)
    if (!asciiInto(s, this.buf, this.len)) return false
    this.len += s.length
    return true
  }

  /** Drop the bytes written since `mark` (a value of {@link Writer.length}). */
  rewind(mark: number): void {
    this.len = mark
  }

  /** The bytes written, as a right-sized copy the caller owns; the writer is done with. */
  finish(): Uint8Array {
    const out = copyOut(this.buf, 0, this.len)
    if (this.buf.length === SCRATCH_BYTES && SCRATCH.length < 8) SCRATCH.push(this.buf)
    this.buf = EMPTY
    this.len = 0
    return out
  }

  /** How many bytes are written so far: a mark for {@link Writer.since}. */
  get length(): number {
    return this.len
  }

  /** A copy of the bytes written since `mark` (a value of {@link Writer.length}). */
  since(mark: number): Uint8Array {
    return copyOut(this.buf, mark, this.len)
  }
}

/** A copy of `bytes` the caller owns (a small one shares a slab: see newBytes). */
function copyOf(bytes: Uint8Array): Uint8Array {
  const out = newBytes(bytes.length)
  out.set(bytes)
  return out
}

/** A copy of buf[from, to) the caller owns (small ones share a slab: see newBytes). */
function copyOut(buf: Buffer, from: number, to: number): Uint8Array {
  const out = newBytes(to - from)
  buf.copy(out, 0, from, to)
  return out
}
const SCRATCH_BYTES = 4096
const SCRATCH: Buffer[] = []
const EMPTY = Buffer.alloc(0)

/** Cursor over input bytes; every read checks bounds and fails with a coded error. */
export class Reader {
  pos = 0
  constructor(readonly input: Uint8Array) {}

  get remaining(): number {
    return this.input.length - this.pos
  }

  fail(code: CodecErrorCode, detail: string, at = this.pos): never {
    throw new CodecError(code, detail, at)
  }

  byte(): number {
    if (this.pos >= this.input.length) this.fail('CODEC_TRUNCATED', 'expected a byte')
    return this.input[this.pos++]!
  }

  /** A view of the next `n` bytes (not a copy: copy it if you keep it). */
  take(n: number): Uint8Array {
    if (n > this.remaining) this.fail('CODEC_TRUNCATED', `expected ${n} bytes, ${this.remaining} remain`)
    const out = this.input.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
}

// ---- varints ------------------------------------------------------------------------------

/** Length of the varint at the cursor, after checking it is minimal and ≤ 2^64-1. */
function varintLength(r: Reader): number {
  const { input, pos } = r
  for (let i = 0; i < 10; i++) {
    if (pos + i >= input.length) r.fail('CODEC_TRUNCATED', 'varint ends early', pos)
    const b = input[pos + i]!
    if ((b & 0x80) === 0) {
      // A zero final byte adds nothing: the same value has a shorter form.
      if (i > 0 && b === 0) r.fail('CODEC_NON_MINIMAL', 'varint has a redundant final zero byte', pos)
      // The 10th byte carries bit 63 only.
      if (i === 9 && b > 1) r.fail('CODEC_OVERFLOW', 'varint over 2^64-1', pos)
      return i + 1
    }
  }
  return r.fail('CODEC_OVERFLOW', 'varint longer than 10 bytes', pos)
}

/** A varint as a number, failing with `code` when it is over `max` (≤ 2^53-1). */
function readVarintNumber(r: Reader, max: number, code: CodecErrorCode, what: string): number {
  const start = r.pos
  const n = varintLength(r)
  // Horner from the top byte. Exact below 2^53; above it the float result stays ≥ 2^53 (rounding
  // is monotonic and 2^53 is representable), so the `> max` test below is still right.
  let v = 0
  for (let i = n - 1; i >= 0; i--) v = v * 128 + (r.input[start + i]! & 0x7f)
  if (v > max) r.fail(code, `${what} ${v} is over the maximum ${max}`, start)
  r.pos = start + n
  return v
}

function readVarintBigint(r: Reader): bigint {
  const start = r.pos
  const n = varintLength(r)
  r.pos = start + n
  if (n <= 7) {
    let v = 0
    for (let i = n - 1; i >= 0; i--) v = v * 128 + (r.input[start + i]! & 0x7f)
    return BigInt(v)
  }
  let v = 0n
  for (let i = n - 1; i >= 0; i--) v = (v << 7n) | BigInt(r.input[start + i]! & 0x7f)
  return v
}

function writeVarintNumber(w: Writer, v: number): void {
  while (v >= 0x80) {
    w.byte((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  w.byte(v)
}

function writeVarintBigint(w: Writer, v: bigint): void {
  if (v <= BigInt(Number.MAX_SAFE_INTEGER)) return writeVarintNumber(w, Number(v))
  while (v >= 0x80n) {
    w.byte(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  w.byte(Number(v))
}

function readLength(r: Reader, max: number, what: string): number {
  return readVarintNumber(r, max, 'CODEC_TOO_LONG', what)
}

// ---- primitives ---------------------------------------------------------------------------

/** One raw byte, 0..255. */
export const u8: Codec<number> = {
  minSize: 1,
  write(w, v) {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) invalid(`expected a u8, got ${String(v)}`)
    w.byte(v)
  },
  read: (r) => r.byte(),
}

/** An unsigned 64-bit integer as a bigint, LEB128 on the wire. @example encode(u64, 300n) // 0xac02 */
export const u64: Codec<bigint> = {
  minSize: 1,
  write(w, v) {
    if (typeof v !== 'bigint' || v < 0n || v > MAX_U64) invalid(`expected a u64 bigint, got ${String(v)}`)
    writeVarintBigint(w, v)
  },
  read: readVarintBigint,
}

/**
 * A u64 on the wire whose value must be a safe integer (≤ 2^53-1), as a number: for counters,
 * gas, heights and times, which never get near 2^53 and compare with `===` in the rest of the node.
 */
export const u53: Codec<number> = {
  minSize: 1,
  write(w, v) {
    if (!Number.isSafeInteger(v) || v < 0) invalid(`expected a non-negative safe integer, got ${String(v)}`)
    writeVarintNumber(w, v)
  },
  read: (r) => readVarintNumber(r, Number.MAX_SAFE_INTEGER, 'CODEC_OUT_OF_RANGE', 'integer'),
}

/** A boolean as one byte, 0 or 1. */
export const bool: Codec<boolean> = {
  minSize: 1,
  write(w, v) {
    if (typeof v !== 'boolean') invalid(`expected a boolean, got ${String(v)}`)
    w.byte(v ? 1 : 0)
  },
  read(r) {
    const b = r.byte()
    if (b > 1) r.fail('CODEC_BAD_BOOL', `boolean byte ${b}`, r.pos - 1)
    return b === 1
  },
}

/**
 * A non-negative bigint of at most `maxBytes` bytes (default 32: a u256), as a length-prefixed
 * big-endian magnitude without leading zeros. @example encode(biguint(), 256n) // 0x020100
 */
export function biguint(opts: { maxBytes?: number } = {}): Codec<bigint> {
  const maxBytes = opts.maxBytes ?? 32
  return {
    minSize: 1,
    write(w, v) {
      if (typeof v !== 'bigint' || v < 0n) invalid(`expected a non-negative bigint, got ${String(v)}`)
      if (v === 0n) return w.byte(0)
      let hex = v.toString(16)
      if (hex.length % 2 === 1) hex = '0' + hex
      if (hex.length / 2 > maxBytes) invalid(`bigint over ${maxBytes} bytes`)
      writeVarintNumber(w, hex.length / 2)
      w.hex(hex, 0, hex.length / 2)
    },
    read(r) {
      const start = r.pos
      const n = readLength(r, maxBytes, 'bigint byte length')
      if (n === 0) return 0n
      const body = r.take(n)
      if (body[0] === 0) r.fail('CODEC_NON_MINIMAL', 'bigint has a leading zero byte', start)
      return BigInt('0x' + hexOf(body))
    },
  }
}

/** Exactly `n` raw bytes, no length prefix (keys, hashes, signatures). */
export function bytes(n: number): Codec<Uint8Array> {
  return {
    minSize: n,
    write(w, v) {
      if (!(v instanceof Uint8Array) || v.length !== n) invalid(`expected ${n} bytes`)
      w.bytes(v)
    },
    read: (r) => copyOf(r.take(n)),
  }
}

/**
 * Exactly `n` raw bytes on the wire, shown as `0x` + lowercase hex in memory (addresses, hashes).
 * Only lowercase is accepted so that string and bytes correspond one to one.
 */
export function hexBytes(n: number): Codec<string> {
  return {
    minSize: n,
    write(w, v) {
      if (typeof v !== 'string' || v.length !== 2 + 2 * n || v.charCodeAt(0) !== 0x30 || v.charCodeAt(1) !== 0x78 || !w.hex(v, 2, n)) {
        invalid(`expected 0x + ${2 * n} lowercase hex digits, got ${String(v)}`)
      }
    },
    read(r) {
      const b = r.take(n)
      return '0x' + hexOf(b)
    },
  }
}

/** A byte string of at most `max` bytes, with a varint length prefix. */
export function varBytes(opts: { max?: number } = {}): Codec<Uint8Array> {
  const max = opts.max ?? DEFAULT_MAX_LENGTH
  return {
    minSize: 1,
    write(w, v) {
      if (!(v instanceof Uint8Array)) invalid('expected a Uint8Array')
      if (v.length > max) invalid(`byte string of ${v.length} bytes is over the maximum ${max}`)
      writeVarintNumber(w, v.length)
      w.bytes(v)
    },
    read: (r) => copyOf(r.take(readLength(r, max, 'byte length'))),
  }
}

/** All bytes < 0x80 and few of them: UTF-8 and Latin-1 decode them alike, and the latter is cheaper. */
function isShortAscii(b: Uint8Array): boolean {
  if (b.length > 256) return false
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false
  return true
}

// fatal: invalid UTF-8 is an error, not U+FFFD. ignoreBOM: keep a leading U+FEFF as content;
// the default strips it, and "\uFEFFa" would decode to "a" (two strings, one encoding).
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * A UTF-8 string of at most `max` bytes. Encoding refuses strings with lone surrogates: UTF-8
 * cannot carry them and TextEncoder would silently turn them into U+FFFD.
 */
export function string(opts: { max?: number } = {}): Codec<string> {
  const max = opts.max ?? DEFAULT_MAX_LENGTH
  return {
    minSize: 1,
    write(w, v) {
      if (typeof v !== 'string') invalid(`expected a string, got ${typeof v}`)
      // Short ASCII (names, codes, most event data): the length is one byte, the rest one per character.
      if (v.length < 0x80) {
        const mark = w.length
        w.byte(v.length)
        if (w.ascii(v, max)) return
        w.rewind(mark)
      }
      if (!(v as string & { isWellFormed(): boolean }).isWellFormed()) invalid('string has a lone surrogate')
      const n = Buffer.byteLength(v, 'utf8')
      if (n > max) invalid(`string of ${n} bytes is over the maximum ${max}`)
      writeVarintNumber(w, n)
      w.utf8(v, n)
    },
    read(r) {
      const body = r.take(readLength(r, max, 'string byte length'))
      if (isShortAscii(body)) return latin1Of(body)
      try {
        return utf8Decoder.decode(body)
      } catch {
        return r.fail('CODEC_BAD_UTF8', 'invalid UTF-8', r.pos - body.length)
      }
    },
  }
}

// ---- combinators --------------------------------------------------------------------------

/** A value that may be absent (`undefined`): tag 0, or tag 1 followed by the value. */
export function optional<T>(inner: Codec<T>): OptionalCodec<T> {
  // optional(optional(x)) would have two encodings of "absent" (00 and 01 00).
  if ((inner as Partial<OptionalCodec<T>>).optional === true) throw new Error('optional: the inner codec is already optional')
  return {
    optional: true,
    minSize: 1,
    write(w, v) {
      if (v === undefined) return w.byte(0)
      w.byte(1)
      inner.write(w, v)
    },
    read(r) {
      const tag = r.byte()
      if (tag === 0) return undefined
      if (tag !== 1) r.fail('CODEC_BAD_TAG', `optional tag ${tag}`, r.pos - 1)
      return inner.read(r)
    },
  }
}

/** A list of at most `max` items, with a varint count prefix. */
export function list<T>(item: Codec<T>, opts: { max?: number } = {}): Codec<T[]> {
  const max = opts.max ?? DEFAULT_MAX_LENGTH
  return {
    minSize: 1,
    write(w, v) {
      if (!Array.isArray(v)) invalid('expected an array')
      if (v.length > max) invalid(`list of ${v.length} items is over the maximum ${max}`)
      writeVarintNumber(w, v.length)
      for (const x of v) item.write(w, x)
    },
    read(r) {
      const start = r.pos
      const count = readLength(r, max, 'list count')
      // Refuse a count the remaining bytes cannot hold before allocating for it.
      if (count * item.minSize > r.remaining) r.fail('CODEC_TRUNCATED', `${count} items cannot fit in ${r.remaining} bytes`, start)
      const out: T[] = []
      for (let i = 0; i < count; i++) out.push(item.read(r))
      return out
    },
  }
}

type Field = readonly [string, Codec<any>]
type Simplify<T> = { [K in keyof T]: T[K] } & {}
type StructValue<F extends readonly Field[]> = Simplify<
  { [E in F[number] as E[1] extends OptionalCodec<any> ? never : E[0]]: Infer<E[1]> } & {
    [E in F[number] as E[1] extends OptionalCodec<any> ? E[0] : never]?: Exclude<Infer<E[1]>, undefined>
  }
>

/**
 * A record with the given fields, encoded in the listed order without names or framing.
 * Extra properties of the value are ignored; an absent optional field decodes as a missing key.
 * @example const point = struct([['x', u53], ['y', u53]]) // Codec<{ x: number; y: number }>
 */
export function struct<const F extends readonly Field[]>(fields: F): Codec<StructValue<F>> {
  const names = new Set<string>()
  for (const [name] of fields) {
    if (names.has(name) || name === '__proto__') throw new Error(`struct: duplicate or reserved field ${name}`)
    names.add(name)
  }
  return { minSize: fields.reduce((n, [, c]) => n + c.minSize, 0), ...compileStruct(fields) }
}

/**
 * The read and write of a struct, generated for its fields: straight-line code with each field
 * by its constant name, so every property access and codec call site sees one shape. The generic
 * loop (a variable field name per iteration, one call site for every codec of every struct) was
 * most of the time spent encoding a header or decoding a transaction. Names are the schema's
 * own (static, checked above) and enter the code only as JSON string literals.
 */
function compileStruct(fields: readonly Field[]): Pick<Codec<any>, 'read' | 'write'> {
  const codecs = fields.map(([, c]) => c)
  const names = fields.map(([n]) => n)
  const key = (i: number) => `[${JSON.stringify(names[i])}]`
  const writes = fields.map((_, i) => `f = ${i}; c${i}.write(w, v${key(i)});`).join('\n')
  const reads = fields.map((_, i) => `x = c${i}.read(r); if (x !== undefined) out${key(i)} = x;`).join('\n')
  const params = fields.map((_, i) => `c${i}`)
  const make = new Function('invalid', 'CodecError', 'names', ...params, `
    return {
      write(w, v) {
        if (typeof v !== 'object' || v === null) invalid('expected an object')
        let f = 0
        try {
          ${writes}
        } catch (e) {
          // Say which field was wrong: an encode error is a caller bug and this is how it is found.
          if (e instanceof CodecError && e.code === 'CODEC_INVALID_VALUE') invalid(names[f] + ': ' + e.detail)
          throw e
        }
      },
      read(r) {
        const out = {}
        let x
        ${reads}
        return out
      },
    }`) as (...args: unknown[]) => Pick<Codec<any>, 'read' | 'write'>
  return make(invalid, CodecError, names, ...codecs)
}

type Variants = Record<string, readonly [number, Codec<object>]>
type UnionValue<K extends string, V extends Variants> = {
  [N in keyof V & string]: Simplify<{ [P in K]: N } & Infer<V[N][1]>>
}[keyof V & string]

/**
 * A tagged union discriminated by the string property `key`: a u8 tag, then that variant's body.
 * Tags are explicit so that reordering or adding variants never changes existing encodings.
 * @example const shape = union('kind', { circle: [0, struct([['r', u53]])], square: [1, struct([['side', u53]])] })
 */
export function union<K extends string, const V extends Variants>(key: K, variants: V): Codec<UnionValue<K, V>> {
  const byTag = new Map<number, { name: string; body: Codec<object> }>()
  const byName = new Map<string, { tag: number; body: Codec<object> }>()
  for (const [name, [tag, body]] of Object.entries(variants)) {
    if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || byTag.has(tag)) throw new Error(`union: bad or duplicate tag ${tag}`)
    byTag.set(tag, { name, body })
    byName.set(name, { tag, body })
  }
  return {
    minSize: 1 + Math.min(...[...byTag.values()].map((v) => v.body.minSize)),
    write(w, v) {
      const name = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined
      const variant = typeof name === 'string' ? byName.get(name) : undefined
      if (variant === undefined) invalid(`unknown ${key} ${String(name)}`)
      w.byte(variant.tag)
      variant.body.write(w, v)
    },
    read(r) {
      const tag = r.byte()
      const variant = byTag.get(tag)
      if (variant === undefined) return r.fail('CODEC_BAD_TAG', `union tag ${tag}`, r.pos - 1)
      return { [key]: variant.name, ...variant.body.read(r) } as UnionValue<K, V>
    },
  }
}

/** One of a fixed list of names, as a u8 index into the list. @example enumOf(['success', 'failure']) */
export function enumOf<const N extends readonly string[]>(names: N): Codec<N[number]> {
  // A repeated name would decode from two indexes and re-encode to one.
  if (names.length > 256 || new Set(names).size !== names.length) throw new Error('enumOf: at most 256 distinct names')
  return {
    minSize: 1,
    write(w, v) {
      const i = names.indexOf(v)
      if (i < 0) invalid(`expected one of ${names.join(', ')}, got ${String(v)}`)
      w.byte(i)
    },
    read(r) {
      const i = r.byte()
      if (i >= names.length) r.fail('CODEC_BAD_TAG', `enum index ${i}`, r.pos - 1)
      return names[i]!
    },
  }
}

// ---- entry points -------------------------------------------------------------------------

/** The canonical bytes of `value`; throws CODEC_INVALID_VALUE if it does not fit the schema. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  const memo = (codec as Partial<MemoizedCodec<T & object>>).memo
  if (memo !== undefined) {
    const bytes = memo.get(value as T & object)
    if (bytes !== undefined) return copyOf(bytes)
  }
  const w = new Writer()
  codec.write(w, value)
  return w.finish()
}

/**
 * The value encoded by `input`, which must be exactly one canonical encoding (trailing bytes
 * fail with CODEC_TRAILING_BYTES). Throws `CodecError` on any malformed input.
 * @example decode(u64, Uint8Array.of(0xac, 0x02)) // 300n
 */
export function decode<T>(codec: Codec<T>, input: Uint8Array): T {
  const r = new Reader(input)
  const value = codec.read(r)
  if (r.remaining !== 0) r.fail('CODEC_TRAILING_BYTES', `${r.remaining} bytes after the value`)
  return value
}

/** A codec that remembers each object's encoding: see {@link memoized}. */
export interface MemoizedCodec<T extends object> extends Codec<T> {
  /** Object → its canonical bytes (read-only: never hand them out without copying). */
  readonly memo: WeakMap<T, Uint8Array>
  /** The canonical bytes of `value`, from the memo or encoded now (and remembered). Read-only. */
  bytesOf(value: T): Uint8Array
}

/**
 * `inner`, remembering each object's encoding (weakly, per object): the first encode or decode
 * of an object records its bytes, and later encodes copy those instead of walking the schema
 * again. For values that are encoded many times over their life, like a transaction (its hash,
 * the block, the transaction root). Sound only for values that are never mutated after their
 * first encode or decode: chain data is immutable by convention (every field `readonly`).
 * @example const txCodec = memoized(struct([...])); txCodec.bytesOf(tx) // encoded once
 */
export function memoized<T extends object>(inner: Codec<T>): MemoizedCodec<T> {
  const memo = new WeakMap<T, Uint8Array>()
  return {
    minSize: inner.minSize,
    memo,
    write(w, v) {
      const bytes = memo.get(v)
      if (bytes !== undefined) return w.bytes(bytes)
      const mark = w.length
      inner.write(w, v)
      if (typeof v === 'object' && v !== null) memo.set(v, w.since(mark))
    },
    read(r) {
      const start = r.pos
      const v = inner.read(r)
      // A copy: the input may be a buffer its owner reuses.
      memo.set(v, copyOf(r.input.subarray(start, r.pos)))
      return v
    },
    bytesOf(v) {
      let bytes = memo.get(v)
      if (bytes === undefined) {
        const w = new Writer()
        inner.write(w, v)
        bytes = w.finish()
        memo.set(v, bytes)
      }
      return bytes
    },
  }
}
