import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeAccount, encodeAccount } from './Account.ts'

/** The layout written out by hand: nonce u64 BE, balance u256 BE, then 0x00 or 0x01 || code hash. */
function reference(nonce: bigint, balance: bigint, codeHash?: string): string {
  const n = nonce.toString(16).padStart(16, '0')
  const b = balance.toString(16).padStart(64, '0')
  return n + b + (codeHash === undefined ? '00' : '01' + codeHash.slice(2))
}

describe('encodeAccount', () => {
  it('any nonce (u64), balance (u256) and code hash: the fixed layout, decoded back to the same account', () => {
    const codeHash = fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => '0x' + Buffer.from(b).toString('hex')), { nil: undefined })
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), codeHash, (nonce, balance, hash) => {
        const account = hash === undefined ? { nonce, balance } : { nonce, balance, codeHash: hash }
        const bytes = encodeAccount(account)
        expect(Buffer.from(bytes).toString('hex')).toBe(reference(nonce, balance, hash))
        expect(decodeAccount(bytes)).toEqual(account)
      }),
    )
  })

  it('out-of-range numbers and malformed code hashes are refused', () => {
    expect(() => encodeAccount({ nonce: 1n << 64n, balance: 0n })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: 0n, balance: 1n << 256n })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: -1n, balance: 0n })).toThrow(RangeError)
    for (const codeHash of ['0x' + 'AB'.repeat(32), '0x' + 'ab'.repeat(31), 'ab'.repeat(33), '0x' + 'zz'.repeat(32)]) {
      expect(() => encodeAccount({ nonce: 0n, balance: 0n, codeHash })).toThrow(TypeError)
    }
  })
})
