import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashTagged, sha256, sha256Hex } from './hash.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const utf8 = (s: string) => new TextEncoder().encode(s)

describe('sha256', () => {
  it('FIPS 180-2 vector "abc": the published digest', () => {
    expect(hex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('any input, split into any parts: equal to noble sha256 of the concatenation', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 5 }), (parts) => {
        expect(hex(sha256(...parts))).toBe(hex(nobleSha256(new Uint8Array(Buffer.concat(parts)))))
      }),
    )
  })

  it('parts longer together than the scratch buffer (4 KiB), and a single large part: the same digest as noble', () => {
    const parts = [new Uint8Array(3000).fill(1), new Uint8Array(3000).fill(2), Uint8Array.of(3)]
    expect(hex(sha256(...parts))).toBe(hex(nobleSha256(new Uint8Array(Buffer.concat(parts)))))
    const one = new Uint8Array(100_000).fill(5)
    expect(hex(sha256(one))).toBe(hex(nobleSha256(one)))
  })

  it('sha256Hex: 0x + the hex of sha256', () => {
    expect(sha256Hex(utf8('abc'))).toBe('0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('result: a plain 32-byte Uint8Array, equal to other byte arrays with the same content', () => {
    const h = sha256(utf8('x'))
    expect(h.length).toBe(32)
    expect(h).toEqual(new Uint8Array(nobleSha256(utf8('x'))))
  })
})

describe('hashTagged', () => {
  it('definition: sha256(sha256(tag) || sha256(tag) || parts)', () => {
    const t = nobleSha256(utf8('tsvm/test'))
    const expected = nobleSha256(new Uint8Array(Buffer.concat([t, t, utf8('a'), utf8('bc')])))
    expect(hex(hashTagged('tsvm/test', utf8('a'), utf8('bc')))).toBe(hex(expected))
  })

  it('same data under different tags: different hashes; repeated calls (cached prefix): same hash', () => {
    const data = utf8('payload')
    expect(hex(hashTagged('tsvm/a', data))).not.toBe(hex(hashTagged('tsvm/b', data)))
    expect(hex(hashTagged('tsvm/a', data))).toBe(hex(hashTagged('tsvm/a', data)))
    expect(hex(hashTagged('tsvm/a', data))).not.toBe(hex(sha256(data)))
  })
})
