import { describe, expect, it } from 'vitest'
import { encode, u64 } from '../codec/codec.ts'
import { CodecError } from '../codec/errors.ts'
import { hashTagged } from '../crypto/hash.ts'
import { CREATE_TAG, contractAddress } from './contractAddress.ts'
import { alice, bob } from './fixtures/samples.ts'

describe('contractAddress', () => {
  it("definition: first 20 bytes of hashTagged('tsvm/create', sender bytes, nonce as u64), as an SDK address", () => {
    const expected = hashTagged(CREATE_TAG, Buffer.from(alice.address.slice(2), 'hex'), encode(u64, 7n))
    const a = contractAddress(alice.address, 7n)
    expect(a).toBe('0x' + Buffer.from(expected.subarray(0, 20)).toString('hex'))
    expect(a).toMatch(/^0x[0-9a-f]{40}$/)
  })

  it('different nonce or different sender: different address', () => {
    expect(contractAddress(alice.address, 0n)).not.toBe(contractAddress(alice.address, 1n))
    expect(contractAddress(alice.address, 0n)).not.toBe(contractAddress(bob.address, 0n))
  })

  it('malformed sender (uppercase hex): throws CodecError CODEC_INVALID_VALUE', () => {
    expect(() => contractAddress(alice.address.toUpperCase().replace('0X', '0x'), 0n)).toThrow(CodecError)
  })
})
