import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeStored, encodeKey, encodeStored, type Storable } from './codec.ts'
import { AbiDecodeError, decodeValue, encodeValue } from './abi.ts'

describe('storage codec', () => {
  it('primitives: each tag round-trips, bigint keeps every digit', () => {
    for (const v of [0n, -5n, 10n ** 40n, 'text', '', 1.5, -0, 0, true, false, null] as Storable[]) {
      expect(decodeStored(encodeStored(v))).toEqual(v)
    }
    expect(encodeStored(123n)).toBe('n123')
    expect(encodeStored('n123')).toBe('sn123')
  })

  it('flat object: stored in the o form and decoded with bigints intact', () => {
    const pool = { token0: '0xa', token1: '0xb', reserve0: 10n ** 30n, reserve1: 7n, shares: 3, ok: true, none: null }
    const raw = encodeStored(pool)
    expect(raw[0]).toBe('o')
    expect(decodeStored(raw)).toEqual(pool)
  })

  it('nested data: stored in the j form with tagged bigints', () => {
    const v = { list: [1n, 2n], inner: { x: 'y', big: 5n } }
    const raw = encodeStored(v)
    expect(raw[0]).toBe('j')
    expect(decodeStored(raw)).toEqual(v)
  })

  it('property: any JSON-like value with bigints round-trips', () => {
    const leaf = fc.oneof(fc.bigInt(), fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
    const value = fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v')), fc.dictionary(fc.string().filter((k) => k !== '__proto__' && k !== '$bigint'), tie('v'))) })).v
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeStored(encodeStored(v as Storable))).toEqual(v)
      }),
    )
  })

  it('keys: strings as is, numbers and bigints in decimal, tuples as JSON', () => {
    expect(encodeKey('0xabc')).toBe('0xabc')
    expect(encodeKey(5n)).toBe('5')
    expect(encodeKey(['a', 1n])).toBe('["a",{"$bigint":"1"}]')
  })
})

describe('ABI values', () => {
  it('encodeValue: bigint to decimal strings, undefined dropped; decodeValue reverses by type', () => {
    const encoded = encodeValue({ a: 1n, b: [2n, 'x'], c: undefined })
    expect(encoded).toEqual({ a: '1', b: ['2', 'x'] })
    expect(decodeValue({ object: { a: 'bigint', b: { tuple: ['bigint', 'string'] } } }, encoded)).toEqual({ a: 1n, b: [2n, 'x'] })
  })

  it('decodeValue: a mismatch throws AbiDecodeError with code INVALID_ARGUMENT', () => {
    try {
      decodeValue('bigint', '1.5')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(AbiDecodeError)
      expect((e as AbiDecodeError).code).toBe('INVALID_ARGUMENT')
    }
  })
})
