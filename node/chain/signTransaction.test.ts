import { describe, expect, it } from 'vitest'
import { encode } from '../codec/codec.ts'
import { hashTagged } from '../crypto/hash.ts'
import { verifySignature } from '../crypto/verify.ts'
import { transactionCodec } from './codecs.ts'
import { ChainError } from './errors.ts'
import { alice, bob, samples } from './fixtures/samples.ts'
import { senderAddress } from './senderAddress.ts'
import { signTransaction } from './signTransaction.ts'
import { TX_SIGNING_TAG, signingHash } from './signingHash.ts'
import type { Transaction } from './types.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('signingHash', () => {
  it("definition: hashTagged('tsvm/tx/v1', encode(unsigned tx)); a signature on the argument is ignored", () => {
    const tx = samples.call!
    const expected = hex(hashTagged(TX_SIGNING_TAG, encode(transactionCodec, tx)))
    expect(TX_SIGNING_TAG).toBe('tsvm/tx/v1')
    expect(hex(signingHash(tx))).toBe(expected)
    expect(hex(signingHash({ ...tx, signature: new Uint8Array(64) } as Transaction))).toBe(expected)
  })
})

describe('signTransaction', () => {
  it('signed sample: signature verifies over signingHash with tx.from; sender is the key address', () => {
    const stx = signTransaction(samples.transfer!, alice.secretKey)
    expect(verifySignature(stx.from, signingHash(stx), stx.signature)).toBe(true)
    expect(senderAddress(stx)).toBe(alice.address)
  })

  it('from omitted: filled with the public key of the secret key', () => {
    const { from: _from, ...unsigned } = samples.transfer!
    expect(hex(signTransaction(unsigned, bob.secretKey).from)).toBe(hex(bob.publicKey))
  })

  it('from of another key: throws ChainError TX_SIGNER_MISMATCH', () => {
    try {
      signTransaction(samples.transfer!, bob.secretKey)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ChainError)
      expect((e as ChainError).code).toBe('TX_SIGNER_MISMATCH')
    }
  })

  it('same input twice: identical signature (RFC 8032 signatures are deterministic)', () => {
    expect(hex(signTransaction(samples.call!, alice.secretKey).signature)).toBe(hex(signTransaction(samples.call!, alice.secretKey).signature))
  })

  it('re-signing a signed transaction with extra properties: only transaction fields are kept and the signature is fresh', () => {
    const stx = signTransaction(samples.call!, alice.secretKey)
    const again = signTransaction({ ...stx, nonce: 9n, extra: 1 } as Transaction, alice.secretKey)
    expect(Object.keys(again)).toEqual(['chainId', 'nonce', 'from', 'gasLimit', 'gasPrice', 'value', 'payload', 'signature'])
    expect(hex(again.signature)).not.toBe(hex(stx.signature))
    expect(verifySignature(again.from, signingHash(again), again.signature)).toBe(true)
  })

  it('any field changed after signing: the signature no longer verifies', () => {
    const stx = signTransaction(samples.call!, alice.secretKey)
    const changes: Partial<Transaction>[] = [
      { chainId: 'other' },
      { nonce: stx.nonce + 1n },
      { gasLimit: stx.gasLimit + 1 },
      { gasPrice: stx.gasPrice + 1n },
      { value: stx.value + 1n },
      { payload: { type: 'call', to: bob.address, method: 'transfer', args: '[]' } },
    ]
    for (const change of changes) {
      const tampered = { ...stx, ...change }
      expect(verifySignature(tampered.from, signingHash(tampered), tampered.signature)).toBe(false)
    }
  })
})
