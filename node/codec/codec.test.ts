import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_U64,
  biguint,
  bool,
  bytes,
  decode,
  encode,
  enumOf,
  hexBytes,
  list,
  optional,
  string,
  struct,
  u53,
  u64,
  u8,
  union,
  varBytes,
  type Codec,
} from './codec.ts'
import { codeOf, hex, unhex } from './codecTestKit.ts'
import { CodecError } from './errors.ts'
import vectors from './vectors.json' with { type: 'json' }


const shape = union('type', {
  none: [0, struct([])],
  num: [1, struct([['n', u64]])],
  text: [7, struct([['s', string()]])],
})

/** The schemas vectors.json refers to by name. */
const schemas: Record<string, Codec<any>> = {
  u8,
  u64,
  u53,
  biguint: biguint(),
  bool,
  bytes4: bytes(4),
  hex4: hexBytes(4),
  varBytes: varBytes(),
  string: string(),
  string4: string({ max: 4 }),
  optionalU64: optional(u64),
  listU53: list(u53),
  listMax2: list(u53, { max: 2 }),
  record: struct([
    ['a', u8],
    ['b', optional(string())],
    ['c', list(bool)],
  ]),
  shape,
  status: enumOf(['success', 'failure']),
}

function fromJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJson)
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.$bigint === 'string') return BigInt(o.$bigint)
    if (typeof o.$bytes === 'string') return unhex(o.$bytes)
    if (o.$undefined === true) return undefined
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromJson(x)]))
  }
  return v
}

const short = (h: string) => (h.length > 24 ? `${h.slice(0, 24)}…(${h.length / 2} bytes)` : h)

describe('vectors.json', () => {
  it.each(vectors.valid.map((v) => [v.codec, short(v.hex), v] as const))('%s %s: encodes to the hex and decodes back to the value', (_name, _hex, v) => {
    const codec = schemas[v.codec]!
    const value = fromJson(v.value)
    expect(hex(encode(codec, value))).toBe(v.hex)
    expect(decode(codec, unhex(v.hex))).toEqual(value)
  })

  it.each(vectors.invalid.map((v) => [v.codec, short(v.hex), v.error, v] as const))('%s %s: rejected with %s', (_name, _hex, _error, v) => {
    expect(codeOf(() => decode(schemas[v.codec]!, unhex(v.hex)))).toBe(v.error)
  })

  it('every schema has at least one valid vector and every invalid vector names a known schema', () => {
    const covered = new Set(vectors.valid.map((v) => v.codec))
    for (const name of Object.keys(schemas).filter((n) => !['string4', 'listMax2'].includes(n))) expect(covered).toContain(name)
    for (const v of vectors.invalid) expect(schemas).toHaveProperty(v.codec)
  })
})

describe('decode', () => {
  it('non-minimal varint: rejected with CODEC_NON_MINIMAL', () => {
    expect(codeOf(() => decode(u64, Uint8Array.of(0x81, 0x00)))).toBe('CODEC_NON_MINIMAL')
  })

  it('varint over 2^64-1: rejected with CODEC_OVERFLOW', () => {
    expect(codeOf(() => decode(u64, unhex('ff'.repeat(9) + '02')))).toBe('CODEC_OVERFLOW')
  })

  it('hostile length prefix (2^32) on a byte string: rejected with CODEC_TOO_LONG before allocating', () => {
    const codec = varBytes({ max: 1024 })
    expect(codeOf(() => decode(codec, unhex('8080808010')))).toBe('CODEC_TOO_LONG')
  })

  it('hostile list count under the maximum but over the remaining bytes: rejected with CODEC_TRUNCATED', () => {
    // 2^40 items of at least 1 byte each cannot fit in 0 remaining bytes: no 2^40-element array is built.
    const codec = list(u64, { max: Number.MAX_SAFE_INTEGER })
    expect(codeOf(() => decode(codec, unhex('808080808020')))).toBe('CODEC_TRUNCATED')
  })

  it('error offset: points at the first byte of the bad value', () => {
    const codec = struct([
      ['a', u8],
      ['b', u64],
    ])
    try {
      decode(codec, Uint8Array.of(1, 0x80, 0x00))
      expect.unreachable()
    } catch (e) {
      expect((e as CodecError).code).toBe('CODEC_NON_MINIMAL')
      expect((e as CodecError).offset).toBe(1)
    }
  })

  it('decoded byte strings: copies, unaffected by later changes to the input', () => {
    const input = Uint8Array.of(2, 7, 8)
    const value = decode(varBytes(), input)
    input[1] = 0
    expect([...value]).toEqual([7, 8])
  })

  it('absent optional struct field: decoded as a missing key, not a key holding undefined', () => {
    const codec = struct([['x', optional(u8)]])
    expect(Object.keys(decode(codec, Uint8Array.of(0)))).toEqual([])
  })
})

describe('encode', () => {
  const cases: [string, Codec<any>, unknown][] = [
    ['u64 negative', u64, -1n],
    ['u64 over 2^64-1', u64, MAX_U64 + 1n],
    ['u64 given a number', u64, 1],
    ['u53 over 2^53-1', u53, 2 ** 53],
    ['u53 fraction', u53, 1.5],
    ['u8 over 255', u8, 256],
    ['biguint negative', biguint(), -1n],
    ['biguint over maxBytes', biguint({ maxBytes: 1 }), 256n],
    ['bool given 1', bool, 1],
    ['bytes wrong length', bytes(4), new Uint8Array(3)],
    ['hexBytes uppercase', hexBytes(2), '0xABCD'],
    ['hexBytes wrong length', hexBytes(2), '0xabc'],
    ['hexBytes not hex', hexBytes(2), '0xabzz'],
    ['hexBytes no 0x prefix', hexBytes(2), '00abcd'],
    ['hexBytes capital X', hexBytes(2), '0Xabcd'],
    ['string with a lone surrogate', string(), 'a\ud800'],
    ['string over max', string({ max: 2 }), 'abc'],
    ['list over max', list(u8, { max: 1 }), [1, 2]],
    ['union unknown variant', shape, { type: 'circle' }],
    ['enum unknown name', enumOf(['a']), 'b'],
    ['struct missing field', struct([['a', u8]]), {}],
    ['optional given null', optional(u8), null],
  ]
  it.each(cases)('%s: refused with CODEC_INVALID_VALUE', (_name, codec, value) => {
    expect(codeOf(() => encode(codec, value))).toBe('CODEC_INVALID_VALUE')
  })

  it('invalid nested field: the error detail names the field path', () => {
    const codec = struct([['outer', struct([['inner', u8]])]])
    try {
      encode(codec, { outer: { inner: 300 } })
      expect.unreachable()
    } catch (e) {
      expect((e as CodecError).detail.startsWith('outer: inner: ')).toBe(true)
    }
  })

  it('ambiguous schemas (optional of optional, repeated enum name, repeated field, repeated union tag): refused when built', () => {
    expect(() => optional(optional(u8))).toThrow()
    expect(() => enumOf(['a', 'a'])).toThrow()
    expect(() => struct([['a', u8], ['a', u8]])).toThrow()
    expect(() => union('t', { x: [0, struct([])], y: [0, struct([])] })).toThrow()
  })

  it('u64 at the number/bigint boundary (2^53 ± 1): same bytes as the bigint arithmetic', () => {
    for (const v of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n]) {
      let expected = ''
      let x = v
      do {
        const low = Number(x & 0x7fn)
        x >>= 7n
        expected += (x > 0n ? low | 0x80 : low).toString(16).padStart(2, '0')
      } while (x > 0n)
      expect(hex(encode(u64, v))).toBe(expected)
    }
  })
})

// A schema that uses every combinator, for the properties below.
const everything = struct([
  ['n', u64],
  ['m', u53],
  ['big', biguint()],
  ['flag', bool],
  ['key', bytes(3)],
  ['id', hexBytes(2)],
  ['blob', varBytes({ max: 64 })],
  ['text', string({ max: 256 })],
  ['maybe', optional(u8)],
  ['items', list(shape, { max: 8 })],
  ['status', enumOf(['success', 'failure'])],
])

const shapeArb = fc.oneof(
  fc.constant({ type: 'none' as const }),
  fc.record({ type: fc.constant('num' as const), n: fc.bigInt({ min: 0n, max: MAX_U64 }) }),
  fc.record({ type: fc.constant('text' as const), s: fc.string({ unit: 'binary', maxLength: 20 }) }),
)
const everythingArb = fc.record(
  {
    n: fc.bigInt({ min: 0n, max: MAX_U64 }),
    m: fc.maxSafeNat(),
    big: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
    flag: fc.boolean(),
    key: fc.uint8Array({ minLength: 3, maxLength: 3 }),
    id: fc.uint8Array({ minLength: 2, maxLength: 2 }).map((b) => '0x' + hex(b)),
    blob: fc.uint8Array({ maxLength: 64 }),
    text: fc.string({ unit: 'binary', maxLength: 60 }),
    maybe: fc.nat(255),
    items: fc.array(shapeArb, { maxLength: 8 }),
    status: fc.constantFrom('success' as const, 'failure' as const),
  },
  { requiredKeys: ['n', 'm', 'big', 'flag', 'key', 'id', 'blob', 'text', 'items', 'status'] },
)

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
)

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  const at = b.length === 0 ? 0 : m.at % b.length
  const out = [...b]
  switch (m.kind) {
    case 'flip':
      if (out.length > 0) out[at] = out[at]! ^ (1 << m.bit)
      break
    case 'set':
      if (out.length > 0) out[at] = m.byte
      break
    case 'insert':
      out.splice(m.at % (b.length + 1), 0, m.byte)
      break
    case 'delete':
      out.splice(at, 1)
      break
    case 'truncate':
      out.length = at
      break
  }
  return Uint8Array.from(out)
}

describe('properties', () => {
  it('round trip: decode(encode(x)) equals x for every schema value', () => {
    fc.assert(
      fc.property(everythingArb, (x) => {
        expect(decode(everything, encode(everything, x))).toEqual(x)
      }),
      { numRuns: 2000 },
    )
  })

  it('canonicity: a mutated encoding either fails with a CodecError or re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(everythingArb, fc.array(mutation, { minLength: 1, maxLength: 3 }), (x, ms) => {
        let b = encode(everything, x)
        for (const m of ms) b = mutate(b, m)
        let value: unknown
        try {
          value = decode(everything, b)
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError)
          return
        }
        expect(hex(encode(everything, value as never))).toBe(hex(b))
      }),
      { numRuns: 5000 },
    )
  })

  it('canonicity: arbitrary bytes either fail with a CodecError or re-encode to themselves', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        for (const codec of [everything, list(shape), shape, schemas.record!, u64, biguint(), string()]) {
          let value: unknown
          try {
            value = decode(codec, b)
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError)
            continue
          }
          expect(hex(encode(codec, value))).toBe(hex(b))
        }
      }),
      { numRuns: 5000 },
    )
  })

  it('u64 varint: byte length is ceil(bits/7) and the value round-trips across the whole range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_U64 }), (v) => {
        const b = encode(u64, v)
        expect(b.length).toBe(Math.max(1, Math.ceil(v.toString(2).length / 7)))
        expect(decode(u64, b)).toBe(v)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('Writer', () => {
  it('gives each result its own bytes while its working buffers are reused, and grows past them', () => {
    const a = encode(string(), 'first value')
    const b = encode(string(), 'second')
    const big = encode(varBytes(), new Uint8Array(10_000).fill(7))
    expect(Buffer.from(a).toString('hex')).toBe('0b' + Buffer.from('first value').toString('hex'))
    expect(Buffer.from(b).toString('hex')).toBe('06' + Buffer.from('second').toString('hex'))
    expect(big.length).toBe(2 + 10_000)
    expect(big.subarray(2).every((x) => x === 7)).toBe(true)
    // Results are copies: writing another value does not change them.
    encode(string(), 'x'.repeat(100))
    expect(decode(string(), a)).toBe('first value')
  })

  it('small results share a slab but no bytes: changing one changes no other, and slice copies', () => {
    const values = Array.from({ length: 3000 }, (_, i) => encode(u64, BigInt(i) * 1_000_003n))
    values[1]!.fill(0xff)
    const copy = values[2]!.slice()
    copy.fill(0xee)
    values.forEach((v, i) => {
      if (i !== 1) expect(decode(u64, v)).toBe(BigInt(i) * 1_000_003n)
    })
    expect(Object.getPrototypeOf(values[0])).toBe(Uint8Array.prototype)
  })
})

describe('string fast path', () => {
  const reference = (s: string): string => {
    const body = Buffer.from(s, 'utf8')
    const len = Buffer.from(encode(u64, BigInt(body.length)))
    return Buffer.concat([len, body]).toString('hex')
  }

  it('any well-formed string, ASCII or not, around the one-byte length boundary: the UTF-8 bytes after their length', () => {
    const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    const strings = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 150 }).filter(wellFormed),
      fc.tuple(fc.nat({ max: 200 }), fc.constantFrom('', 'é', '€', '😀', '\u007f')).map(([n, tail]) => 'a'.repeat(n) + tail),
    )
    fc.assert(
      fc.property(strings, (s) => {
        expect(Buffer.from(encode(string(), s)).toString('hex')).toBe(reference(s))
        expect(decode(string(), encode(string(), s))).toBe(s)
      }),
      { numRuns: 1000 },
    )
  })

  it('ASCII at the maximum is written, one over is refused with CODEC_INVALID_VALUE', () => {
    expect(decode(string({ max: 5 }), encode(string({ max: 5 }), 'abcde'))).toBe('abcde')
    expect(codeOf(() => encode(string({ max: 5 }), 'abcdef'))).toBe('CODEC_INVALID_VALUE')
    // A non-ASCII string whose characters fit but whose UTF-8 bytes do not.
    expect(codeOf(() => encode(string({ max: 5 }), 'ééé'))).toBe('CODEC_INVALID_VALUE')
  })
})
