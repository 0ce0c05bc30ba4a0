import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256 } from './sha256.ts'

const reference = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

describe('sha256', () => {
  it('FIPS 180-4 test vectors', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
  })

  it('equals node:crypto for every length across the padding boundaries, and for larger inputs', () => {
    for (let n = 0; n <= 260; n++) {
      const bytes = randomBytes(n)
      expect(sha256(bytes)).toBe(reference(bytes))
    }
    for (const n of [1000, 4095, 4096, 65_537, 300_000]) {
      const bytes = randomBytes(n)
      expect(sha256(bytes)).toBe(reference(bytes))
    }
  })

  it('text is hashed as UTF-8', () => {
    for (const text of ['é', '日本語', '😀 emoji', 'a\u0000b', '/tmp/project/toolkit.config.ts']) expect(sha256(text)).toBe(reference(text))
  })

  it('a view into a larger buffer hashes only its own bytes', () => {
    const big = randomBytes(200)
    const view = big.subarray(13, 150)
    expect(sha256(view)).toBe(reference(Buffer.from(view)))
  })
})
