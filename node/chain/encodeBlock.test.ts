import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codeOf, hex, unhex } from '../codec/codecTestKit.ts'
import { blockHash } from './blockHash.ts'
import { decodeBlock, decodeBlockHeader, encodeBlock, encodeBlockHeader } from './encodeBlock.ts'
import { CHAIN_ID, alice, bob, samples, signedTxArb } from './fixtures/samples.ts'
import { sha256 } from '../crypto/hash.ts'
import { signTransaction } from './signTransaction.ts'
import { txRoot } from './txRoot.ts'
import type { Block, BlockHeader } from './types.ts'


const transactions = [samples.transfer!, samples.call!].map((tx) => signTransaction(tx, alice.secretKey))
const header: BlockHeader = {
  chainId: CHAIN_ID,
  height: 7,
  parentHash: '0x' + '01'.repeat(32),
  timestamp: 1_700_000_000_000,
  stateRoot: '0x' + '02'.repeat(32),
  txRoot: txRoot(transactions),
  receiptsRoot: '0x' + '03'.repeat(32),
  gasUsed: 42_000,
  gasLimit: 30_000_000,
  proposer: bob.address,
  consensus: Uint8Array.of(1, 2, 3),
}
const block: Block = { header, transactions }

describe('encodeBlock / decodeBlock', () => {
  it('block with transactions: round-trips; an empty block too', () => {
    expect(decodeBlock(encodeBlock(block))).toEqual(block)
    expect(decodeBlock(encodeBlock({ header, transactions: [] }))).toEqual({ header, transactions: [] })
  })

  it('block bytes: the header bytes, then the transaction count and transactions', () => {
    expect(hex(encodeBlock(block)).startsWith(hex(encodeBlockHeader(header)) + '02')).toBe(true)
  })

  it('any transactions: round-trip inside a block', () => {
    fc.assert(
      fc.property(fc.array(signedTxArb, { maxLength: 4 }), (txs) => {
        const b = { header, transactions: txs }
        expect(decodeBlock(encodeBlock(b))).toEqual(b)
      }),
      { numRuns: 200 },
    )
  })

  it('every proper prefix of a block: rejected with CODEC_TRUNCATED', () => {
    const b = encodeBlock(block)
    for (let n = 0; n < b.length; n++) expect(codeOf(() => decodeBlock(b.subarray(0, n)))).toBe('CODEC_TRUNCATED')
  })

  it('trailing byte after a block or a header: rejected with CODEC_TRAILING_BYTES', () => {
    expect(codeOf(() => decodeBlock(unhex(hex(encodeBlock(block)) + '00')))).toBe('CODEC_TRAILING_BYTES')
    expect(codeOf(() => decodeBlockHeader(unhex(hex(encodeBlockHeader(header)) + '00')))).toBe('CODEC_TRAILING_BYTES')
  })

  it('hostile transaction count (2^32) after the header: rejected with CODEC_TOO_LONG', () => {
    expect(codeOf(() => decodeBlock(unhex(hex(encodeBlockHeader(header)) + '8080808010')))).toBe('CODEC_TOO_LONG')
  })

  it('transaction count larger than the remaining bytes can hold: rejected with CODEC_TRUNCATED', () => {
    expect(codeOf(() => decodeBlock(unhex(hex(encodeBlockHeader(header)) + '0a00')))).toBe('CODEC_TRUNCATED')
  })

  it('consensus field over 64 KiB: refused on encode, rejected on decode with CODEC_TOO_LONG', () => {
    const big = { ...header, consensus: new Uint8Array(64 * 1024 + 1) }
    expect(codeOf(() => encodeBlockHeader(big))).toBe('CODEC_INVALID_VALUE')
    const ok = hex(encodeBlockHeader({ ...header, consensus: new Uint8Array(0) }))
    expect(codeOf(() => decodeBlockHeader(unhex(ok.slice(0, -2) + '818004' + '00'.repeat(64 * 1024 + 1))))).toBe('CODEC_TOO_LONG')
  })

  it('header with an uppercase-hex parent hash: refused on encode with CODEC_INVALID_VALUE', () => {
    expect(codeOf(() => encodeBlockHeader({ ...header, parentHash: '0x' + 'AB'.repeat(32) }))).toBe('CODEC_INVALID_VALUE')
  })
})

describe('blockHash', () => {
  it('definition: 0x + sha256 of the encoded header', () => {
    expect(blockHash(header)).toBe('0x' + hex(sha256(encodeBlockHeader(header))))
  })

  it('any header field changed: a different hash', () => {
    const changes: Partial<BlockHeader>[] = [
      { chainId: 'x' },
      { height: 8 },
      { parentHash: '0x' + '09'.repeat(32) },
      { timestamp: header.timestamp + 1 },
      { stateRoot: '0x' + '09'.repeat(32) },
      { txRoot: '0x' + '09'.repeat(32) },
      { receiptsRoot: '0x' + '09'.repeat(32) },
      { gasUsed: 1 },
      { gasLimit: 1 },
      { proposer: alice.address },
      { consensus: Uint8Array.of(1, 2, 4) },
    ]
    const hashes = new Set([blockHash(header), ...changes.map((c) => blockHash({ ...header, ...c }))])
    expect(hashes.size).toBe(changes.length + 1)
  })
})
