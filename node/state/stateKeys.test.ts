import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeAccount, encodeAccount } from './Account.ts'
import { accountKey, addressBytes, storageKey } from './stateKeys.ts'

const A = '0x' + '11'.repeat(20)
const B = '0x' + 'ab'.repeat(20)
const utf8 = (s: string) => new TextEncoder().encode(s)
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]))

describe('stateKeys', () => {
  it('account key is sha256("tsvm/acct" || 20 address bytes)', () => {
    expect(accountKey(A)).toEqual(Buffer.from(sha256(cat(utf8('tsvm/acct'), new Uint8Array(20).fill(0x11)))))
  })

  it('storage key is sha256("tsvm/stor" || 20 contract bytes || utf8(key)), non-ASCII keys included', () => {
    expect(storageKey(B, 'bal:é🙂')).toEqual(Buffer.from(sha256(cat(utf8('tsvm/stor'), new Uint8Array(20).fill(0xab), utf8('bal:é🙂')))))
  })

  it('accounts, contracts and keys never share a tree key', () => {
    const keys = [accountKey(A), accountKey(B), storageKey(A, ''), storageKey(A, 'x'), storageKey(B, 'x'), storageKey(A, 'xy')].map((k) => Buffer.from(k).toString('hex'))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('non-canonical addresses (uppercase, no 0x, wrong length): TypeError', () => {
    for (const bad of ['0x' + 'AB'.repeat(20), 'ab'.repeat(20), '0x' + 'ab'.repeat(19), '0x' + 'ab'.repeat(21), '0x' + 'zz'.repeat(20)]) {
      expect(() => addressBytes(bad)).toThrow(TypeError)
      expect(() => accountKey(bad)).toThrow(TypeError)
    }
  })

  it('a storage key with a lone surrogate: TypeError (UTF-8 cannot represent it)', () => {
    expect(() => storageKey(A, 'a\uD800')).toThrow(TypeError)
    expect(() => storageKey(A, '\uDC00')).toThrow(TypeError)
  })
})

describe('Account encoding', () => {
  it('account without code: 41 bytes, nonce u64 BE, balance u256 BE, flag 0', () => {
    const bytes = encodeAccount({ nonce: 258n, balance: 65535n })
    expect(Buffer.from(bytes).toString('hex')).toBe('0000000000000102' + '00'.repeat(30) + 'ffff' + '00')
  })

  it('contract account: 73 bytes, flag 1 then the code hash', () => {
    const codeHash = '0x' + 'cd'.repeat(32)
    const bytes = encodeAccount({ nonce: 0n, balance: 0n, codeHash })
    expect(Buffer.from(bytes).toString('hex')).toBe('00'.repeat(40) + '01' + 'cd'.repeat(32))
    expect(decodeAccount(bytes)).toEqual({ nonce: 0n, balance: 0n, codeHash })
  })

  it('property: decode(encode(account)) is the account, for u64 nonces and u256 balances', () => {
    const account = fc.record(
      { nonce: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), balance: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), codeHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => '0x' + Buffer.from(b).toString('hex')) },
      { requiredKeys: ['nonce', 'balance'] },
    )
    fc.assert(
      fc.property(account, (a) => {
        expect(decodeAccount(encodeAccount(a))).toEqual(a)
      }),
    )
  })

  it('out-of-range nonce or balance: RangeError; malformed code hash: TypeError', () => {
    expect(() => encodeAccount({ nonce: -1n, balance: 0n })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: 2n ** 64n, balance: 0n })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: 0n, balance: 2n ** 256n })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: 0n, balance: -1n })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: 0n, balance: 1 as unknown as bigint })).toThrow(RangeError)
    expect(() => encodeAccount({ nonce: 0n, balance: 0n, codeHash: '0x' + 'CD'.repeat(32) })).toThrow(TypeError)
  })

  it('bytes that are not an account encoding: decode throws', () => {
    const good = encodeAccount({ nonce: 1n, balance: 2n })
    for (const bad of [good.subarray(0, 40), Uint8Array.from([...good, 0]), Uint8Array.from([...good.subarray(0, 40), 2]), Uint8Array.from([...good.subarray(0, 40), 1])]) {
      expect(() => decodeAccount(bad)).toThrow()
    }
  })
})
