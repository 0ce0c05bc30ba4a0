import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Reader, encode, memoized, struct, u64 } from '../codec/codec.ts'
import { hashTagged } from '../crypto/hash.ts'
import { blockHash } from './blockHash.ts'
import { blockHeaderCodec, signedTransactionCodec, transactionCodec } from './codecs.ts'
import { decodeBlock, encodeBlock, encodeBlockHeader } from './encodeBlock.ts'
import { decodeTransaction, encodeTransaction } from './encodeTransaction.ts'
import { alice, samples, signedTxArb } from './fixtures/samples.ts'
import { TX_SIGNING_TAG, signingHash } from './signingHash.ts'
import { signTransaction } from './signTransaction.ts'
import { txHash } from './txHash.ts'
import type { Block } from './types.ts'

// Chain data is encoded once per object and the bytes reused (hashes, roots, the block). These
// tests pin that the reuse never changes a result: same bytes, same hashes, no shared buffers.
describe('memoized codecs', () => {
  const point = memoized(struct([['x', u64]]))

  it('encode: the same bytes as the schema, each call a fresh copy the caller may change', () => {
    const v = { x: 300n }
    const first = encode(point, v)
    first[0] = 0xff
    expect(Buffer.from(encode(point, v)).toString('hex')).toBe('ac02')
    expect(Buffer.from(point.bytesOf(v)).toString('hex')).toBe('ac02')
  })

  it('decode: remembers a copy of the input, not a view of it', () => {
    const input = Uint8Array.of(0xac, 0x02)
    const v = point.read(new Reader(input))
    input[0] = 0
    expect(Buffer.from(point.bytesOf(v)).toString('hex')).toBe('ac02')
  })
})

describe('transactions encoded once', () => {
  it('encodeTransaction, txHash and signingHash agree with encoding from scratch (decoded and built objects)', () => {
    fc.assert(
      fc.property(signedTxArb, (stx) => {
        const bytes = encodeTransaction(stx)
        const decoded = decodeTransaction(bytes)
        for (const tx of [stx, decoded, { ...stx }]) {
          expect(encodeTransaction(tx)).toEqual(bytes)
          expect(txHash(tx)).toBe(txHash(bytes))
          expect(signingHash(tx)).toEqual(hashTagged(TX_SIGNING_TAG, encode(transactionCodec, tx)))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('a signed transaction is its unsigned encoding + the 64 signature bytes (what signingHash relies on)', () => {
    for (const tx of Object.values(samples)) {
      const stx = signTransaction(tx, alice.secretKey)
      const bytes = signedTransactionCodec.bytesOf(stx)
      expect(Buffer.from(bytes.subarray(0, bytes.length - 64))).toEqual(Buffer.from(encode(transactionCodec, stx)))
      expect(Buffer.from(bytes.subarray(bytes.length - 64))).toEqual(Buffer.from(stx.signature))
    }
  })

  it('blocks: encodeBlock reuses each transaction and header encoding, byte for byte', () => {
    const txs = Object.values(samples).map((tx) => signTransaction(tx, alice.secretKey))
    const header = {
      chainId: 'tsvm-test', height: 7, parentHash: '0x' + '11'.repeat(32), timestamp: 1_700_000_000_000, stateRoot: '0x' + '22'.repeat(32),
      txRoot: '0x' + '33'.repeat(32), receiptsRoot: '0x' + '44'.repeat(32), gasUsed: 1, gasLimit: 2, proposer: '0x' + '55'.repeat(20), consensus: Uint8Array.of(1, 2),
    }
    const block: Block = { header, transactions: txs }
    const fresh = encodeBlock(decodeBlock(encodeBlock({ header: { ...header }, transactions: txs.map((t) => ({ ...t })) })))
    expect(encodeBlock(block)).toEqual(fresh)
    expect(blockHash(header)).toBe(blockHash({ ...header }))
    expect(encodeBlockHeader(header)).toEqual(blockHeaderCodec.bytesOf({ ...header }))
  })
})
