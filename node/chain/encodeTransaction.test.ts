import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from '../codec/codec.ts'
import { codeOf, hex, unhex } from '../codec/codecTestKit.ts'
import { CodecError } from '../codec/errors.ts'
import { decodeTransaction, encodeTransaction } from './encodeTransaction.ts'
import { transactionCodec } from './codecs.ts'
import { alice, samples, signedTxArb } from './fixtures/samples.ts'
import { signTransaction } from './signTransaction.ts'
import type { SignedTransaction } from './types.ts'


const transfer = signTransaction(samples.transfer!, alice.secretKey)
const transferHex = hex(encodeTransaction(transfer))
// Byte layout of the transfer sample (see vectors.json): offsets of each field in the hex string.
const CHAIN_ID = '097473766d2d74657374' // "tsvm-test"
const fromHexAt = CHAIN_ID.length + 2 // after the nonce byte 00
const afterFrom = fromHexAt + 64
const GAS_LIMIT = '88a401' // 21000
const GAS_PRICE = '0101' // 1
const VALUE = '080de0b6b3a7640000' // 10^18

/** The transfer sample's bytes with one field's hex replaced. */
function withField(original: string, replacement: string): Uint8Array {
  expect(transferHex.includes(original)).toBe(true)
  return unhex(transferHex.replace(original, replacement))
}

describe('encodeTransaction / decodeTransaction', () => {
  it('layout: chainId, nonce, from, gasLimit, gasPrice, value, payload, signature (unsigned bytes + signature)', () => {
    expect(transferHex.startsWith(CHAIN_ID + '00' + hex(alice.publicKey) + GAS_LIMIT + GAS_PRICE + VALUE + '00')).toBe(true)
    expect(transferHex).toBe(hex(encode(transactionCodec, transfer)) + hex(transfer.signature))
    expect(transferHex.slice(fromHexAt, afterFrom)).toBe(hex(alice.publicKey))
  })

  it('every sample payload, signed: round-trips', () => {
    for (const tx of Object.values(samples)) {
      const stx = signTransaction(tx, alice.secretKey)
      expect(decodeTransaction(encodeTransaction(stx))).toEqual(stx)
    }
  })

  it('any well-typed signed transaction: decode(encode(tx)) equals tx', () => {
    fc.assert(
      fc.property(signedTxArb, (tx) => {
        expect(decodeTransaction(encodeTransaction(tx))).toEqual(tx)
      }),
      { numRuns: 1000 },
    )
  })

  it('canonicity: a mutated encoding either fails with a CodecError or re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(signedTxArb, fc.nat(), fc.nat(255), (tx, at, byte) => {
        const b = encodeTransaction(tx)
        b[at % b.length] = byte
        let decoded: SignedTransaction
        try {
          decoded = decodeTransaction(b)
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError)
          return
        }
        expect(hex(encodeTransaction(decoded))).toBe(hex(b))
      }),
      { numRuns: 2000 },
    )
  })

  it('every proper prefix of a valid encoding: rejected with CODEC_TRUNCATED', () => {
    const b = unhex(transferHex)
    for (let n = 0; n < b.length; n++) expect(codeOf(() => decodeTransaction(b.subarray(0, n)))).toBe('CODEC_TRUNCATED')
  })

  it('one trailing byte: rejected with CODEC_TRAILING_BYTES', () => {
    expect(codeOf(() => decodeTransaction(unhex(transferHex + '00')))).toBe('CODEC_TRAILING_BYTES')
  })

  it('non-minimal nonce (0 as 80 00): rejected with CODEC_NON_MINIMAL', () => {
    expect(codeOf(() => decodeTransaction(withField(CHAIN_ID + '00', CHAIN_ID + '8000')))).toBe('CODEC_NON_MINIMAL')
  })

  it('nonce over 2^64-1: rejected with CODEC_OVERFLOW', () => {
    expect(codeOf(() => decodeTransaction(withField(CHAIN_ID + '00', CHAIN_ID + 'ff'.repeat(9) + '02')))).toBe('CODEC_OVERFLOW')
  })

  it('gasLimit over 2^53-1 (a number field): rejected with CODEC_OUT_OF_RANGE', () => {
    expect(codeOf(() => decodeTransaction(withField(GAS_LIMIT + GAS_PRICE, '8080808080808080' + '10' + GAS_PRICE)))).toBe('CODEC_OUT_OF_RANGE')
  })

  it('gasPrice with a leading zero byte: rejected with CODEC_NON_MINIMAL', () => {
    expect(codeOf(() => decodeTransaction(withField(GAS_LIMIT + GAS_PRICE, GAS_LIMIT + '020001')))).toBe('CODEC_NON_MINIMAL')
  })

  it('value of 33 bytes (over 256 bits): rejected with CODEC_TOO_LONG', () => {
    expect(codeOf(() => decodeTransaction(withField(VALUE, '21' + 'ff'.repeat(33))))).toBe('CODEC_TOO_LONG')
  })

  it('chain id over 64 bytes: rejected with CODEC_TOO_LONG', () => {
    expect(codeOf(() => decodeTransaction(withField(CHAIN_ID, '41' + '61'.repeat(65))))).toBe('CODEC_TOO_LONG')
  })

  it('chain id with invalid UTF-8: rejected with CODEC_BAD_UTF8', () => {
    expect(codeOf(() => decodeTransaction(withField(CHAIN_ID, '09' + 'ff'.repeat(9))))).toBe('CODEC_BAD_UTF8')
  })

  it('unknown payload tag (5): rejected with CODEC_BAD_TAG', () => {
    expect(codeOf(() => decodeTransaction(withField(VALUE + '00', VALUE + '05')))).toBe('CODEC_BAD_TAG')
  })

  it('stake with an optional-amount tag of 2: rejected with CODEC_BAD_TAG', () => {
    const stake = hex(encodeTransaction(signTransaction(samples.stakeValue!, alice.secretKey)))
    // The payload ends with the validator address, then the optional tag 00, then the signature.
    const tagAt = stake.length - 128 - 2
    expect(stake.slice(tagAt, tagAt + 2)).toBe('00')
    const bad = stake.slice(0, tagAt) + '02' + stake.slice(tagAt + 2)
    expect(codeOf(() => decodeTransaction(unhex(bad)))).toBe('CODEC_BAD_TAG')
  })

  it('deploy code with a hostile length prefix (2^40): rejected with CODEC_TOO_LONG', () => {
    const deploy = hex(encodeTransaction(signTransaction(samples.deploy!, alice.secretKey)))
    const codeLength = '24' // 36-byte code
    const at = deploy.indexOf('01' + codeLength + '6578706f7274') // payload tag 01, length, "export"
    expect(at).toBeGreaterThan(0)
    const bad = deploy.slice(0, at) + '01' + '808080808020' + deploy.slice(at + 4)
    expect(codeOf(() => decodeTransaction(unhex(bad)))).toBe('CODEC_TOO_LONG')
  })

  it('a value that does not fit the schema (negative value, 31-byte key, uppercase address, nonce over u64, gas over 2^53-1): encode refuses with CODEC_INVALID_VALUE', () => {
    expect(codeOf(() => encodeTransaction({ ...transfer, value: -1n }))).toBe('CODEC_INVALID_VALUE')
    expect(codeOf(() => encodeTransaction({ ...transfer, from: new Uint8Array(31) }))).toBe('CODEC_INVALID_VALUE')
    expect(codeOf(() => encodeTransaction({ ...transfer, payload: { type: 'transfer', to: '0x' + 'AB'.repeat(20) } }))).toBe('CODEC_INVALID_VALUE')
    expect(codeOf(() => encodeTransaction({ ...transfer, nonce: 2n ** 64n }))).toBe('CODEC_INVALID_VALUE')
    expect(codeOf(() => encodeTransaction({ ...transfer, gasLimit: 2 ** 53 }))).toBe('CODEC_INVALID_VALUE')
  })
})
