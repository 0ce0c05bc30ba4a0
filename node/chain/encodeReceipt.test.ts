import { describe, expect, it } from 'vitest'
import { codeOf, hex, unhex } from '../codec/codecTestKit.ts'
import { sha256 } from '../crypto/hash.ts'
import { merkleRoot } from '../crypto/merkleRoot.ts'
import { decodeReceipt, encodeReceipt } from './encodeReceipt.ts'
import { encodeTransaction } from './encodeTransaction.ts'
import { alice, sampleReceipt, samples, TOKEN } from './fixtures/samples.ts'
import { receiptsRoot } from './receiptsRoot.ts'
import { signTransaction } from './signTransaction.ts'
import { txRoot } from './txRoot.ts'
import type { Receipt } from './types.ts'


const failure: Receipt = {
  txHash: '0x' + '22'.repeat(32),
  status: 'failure',
  gasUsed: 100_000,
  fee: 200_000n,
  code: 'OUT_OF_GAS',
  reason: 'out of gas',
  events: [],
}
const deployed: Receipt = { ...sampleReceipt, contractAddress: TOKEN, returnValue: 'null' }

describe('encodeReceipt / decodeReceipt', () => {
  it('success, failure and deploy receipts: round-trip; absent optionals stay absent', () => {
    for (const r of [sampleReceipt, failure, deployed]) expect(decodeReceipt(encodeReceipt(r))).toStrictEqual(r)
  })

  it('status byte 2: rejected with CODEC_BAD_TAG', () => {
    const b = hex(encodeReceipt(failure))
    expect(b.slice(64, 66)).toBe('01')
    expect(codeOf(() => decodeReceipt(unhex(b.slice(0, 64) + '02' + b.slice(66))))).toBe('CODEC_BAD_TAG')
  })

  it('every proper prefix: rejected with CODEC_TRUNCATED; a trailing byte: CODEC_TRAILING_BYTES', () => {
    const b = encodeReceipt(deployed)
    for (let n = 0; n < b.length; n++) expect(codeOf(() => decodeReceipt(b.subarray(0, n)))).toBe('CODEC_TRUNCATED')
    expect(codeOf(() => decodeReceipt(unhex(hex(b) + '00')))).toBe('CODEC_TRAILING_BYTES')
  })

  it('error code over 64 bytes: refused on encode with CODEC_INVALID_VALUE', () => {
    expect(codeOf(() => encodeReceipt({ ...failure, code: 'X'.repeat(65) }))).toBe('CODEC_INVALID_VALUE')
  })
})

describe('txRoot / receiptsRoot', () => {
  const txs = [samples.transfer!, samples.call!, samples.deploy!].map((tx) => signTransaction(tx, alice.secretKey))

  it('txRoot: merkleRoot over the sha256 tx hashes, in order', () => {
    expect(txRoot(txs)).toBe('0x' + hex(merkleRoot(txs.map((t) => sha256(encodeTransaction(t))))))
  })

  it('receiptsRoot: merkleRoot over the encoded receipts, in order', () => {
    expect(receiptsRoot([sampleReceipt, failure])).toBe('0x' + hex(merkleRoot([encodeReceipt(sampleReceipt), encodeReceipt(failure)])))
  })

  it('reordered transactions or receipts: a different root', () => {
    expect(txRoot(txs)).not.toBe(txRoot([txs[1]!, txs[0]!, txs[2]!]))
    expect(receiptsRoot([sampleReceipt, failure])).not.toBe(receiptsRoot([failure, sampleReceipt]))
  })
})
