import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeHexInto, fromHex, hexOf, latin1Of, ownHexBytes, toHex } from './hex.ts'

describe('ownHexBytes', () => {
  it('any bytes: toHex then ownHexBytes gives them back, as a plain Uint8Array', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const back = ownHexBytes(toHex(bytes))
        expect(back).toEqual(bytes)
        expect(Object.getPrototypeOf(back)).toBe(Uint8Array.prototype)
      }),
    )
  })

  it.each([['no prefix', 'abcd'], ['uppercase', '0xABCD'], ['odd length', '0xabc'], ['not hex', '0xabzz'], ['capital X', '0Xabcd'], ['non-ASCII', '0xab\u00e9f'], ['empty', ''], ['one character', '0']])(
    '%s: refused with a TypeError',
    (_name, h) => {
      expect(() => ownHexBytes(h)).toThrow(TypeError)
    },
  )
})

describe('decodeHexInto', () => {
  it('writes the bytes at the offset and leaves the rest; false for a short string or a non-digit', () => {
    const out = new Uint8Array(6).fill(9)
    expect(decodeHexInto('xx01ff7a', 2, 3, out, 2)).toBe(true)
    expect([...out]).toEqual([9, 9, 0x01, 0xff, 0x7a, 9])
    expect(decodeHexInto('01ff', 0, 3, out, 0)).toBe(false)
    expect(decodeHexInto('01fg', 0, 2, out, 0)).toBe(false)
    expect(decodeHexInto('01F0', 0, 2, out, 0)).toBe(false)
  })

  it('agrees with fromHex on lowercase input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = toHex(bytes)
        const out = new Uint8Array(bytes.length)
        expect(decodeHexInto(h, 2, bytes.length, out, 0)).toBe(true)
        expect(out).toEqual(fromHex(h))
      }),
    )
  })
})

describe('hexOf and latin1Of', () => {
  it('read exactly the view they are given (a subarray at an offset), as Buffer.toString does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: 100 }), fc.nat({ max: 100 }), (bytes, a, b) => {
        const view = bytes.subarray(Math.min(a, b, bytes.length), Math.min(Math.max(a, b), bytes.length))
        expect(hexOf(view)).toBe(Buffer.from(view).toString('hex'))
        expect(latin1Of(view)).toBe(Buffer.from(view).toString('latin1'))
      }),
    )
  })
})
