import { describe, expect, it } from 'vitest'
import { encode } from '../codec/codec.ts'
import { toHex, fromHex } from '../codec/hex.ts'
import { keyPairFromSeed } from '../crypto/keys.ts'
import { sha256 } from '../crypto/hash.ts'
import { blockHash } from './blockHash.ts'
import { transactionCodec } from './codecs.ts'
import { contractAddress } from './contractAddress.ts'
import { decodeBlock, decodeBlockHeader, encodeBlock, encodeBlockHeader } from './encodeBlock.ts'
import { decodeReceipt, encodeReceipt } from './encodeReceipt.ts'
import { decodeTransaction, encodeTransaction } from './encodeTransaction.ts'
import { fromJson } from './fixtures/json.ts'
import { intrinsicGas } from './intrinsicGas.ts'
import { receiptsRoot } from './receiptsRoot.ts'
import { senderAddress } from './senderAddress.ts'
import { signTransaction } from './signTransaction.ts'
import { signingHash } from './signingHash.ts'
import { txHash } from './txHash.ts'
import { txRoot } from './txRoot.ts'
import type { BlockHeader, Receipt, Transaction } from './types.ts'
import { validateTransaction } from './validateTransaction.ts'
import vectors from './vectors.json' with { type: 'json' }

const keys = Object.fromEntries(Object.entries(vectors.keys).map(([name, k]) => [name, keyPairFromSeed(fromHex(k.seed))]))
const signed = Object.fromEntries(
  vectors.transactions.map((v) => [v.name, signTransaction(fromJson<Omit<Transaction, 'from'>>(v.tx), keys[v.signer]!.secretKey)]),
)

describe('vectors.json: keys', () => {
  it.each(Object.entries(vectors.keys))('%s: the seed gives the listed public key and address', (name, k) => {
    expect(toHex(keys[name]!.publicKey)).toBe(k.publicKey)
    expect(keys[name]!.address).toBe(k.address)
  })
})

describe('vectors.json: transactions', () => {
  it.each(vectors.transactions.map((v) => [v.name, v] as const))('%s: signing the inputs gives the listed bytes, signing hash and tx hash', (_name, v) => {
    const stx = signed[v.name]!
    expect(toHex(encode(transactionCodec, stx))).toBe(v.unsigned)
    expect(toHex(signingHash(stx))).toBe(v.signingHash)
    expect(toHex(encodeTransaction(stx))).toBe(v.signed)
    expect(txHash(stx)).toBe(v.hash)
    expect(toHex(sha256(fromHex(v.signed)))).toBe(v.hash)
    expect(senderAddress(stx)).toBe(v.sender)
    expect(intrinsicGas(stx)).toBe(v.intrinsicGas)
  })

  it.each(vectors.transactions.map((v) => [v.name, v] as const))('%s: the listed signed bytes decode to the inputs and validate', (_name, v) => {
    const decoded = decodeTransaction(fromHex(v.signed))
    expect(decoded).toEqual(signed[v.name])
    const verdict = validateTransaction(fromHex(v.signed), { chainId: decoded.chainId, maxTxBytes: 1 << 20 })
    expect(verdict).toEqual({ ok: true, tx: decoded, hash: v.hash, size: fromHex(v.signed).length })
  })

  it('every payload variant: covered by a vector', () => {
    expect(new Set(vectors.transactions.map((v) => (v.tx as { payload: { type: string } }).payload.type))).toEqual(
      new Set(['transfer', 'deploy', 'call', 'stake', 'unstake']),
    )
  })
})

describe('vectors.json: blocks, receipts, roots, contract addresses', () => {
  const header = fromJson<BlockHeader>(vectors.header.header)
  const receipt = fromJson<Receipt>(vectors.receipt.receipt)

  it('header: encodes to the listed bytes, decodes back, hashes to the listed block hash', () => {
    expect(toHex(encodeBlockHeader(header))).toBe(vectors.header.encoded)
    expect(decodeBlockHeader(fromHex(vectors.header.encoded))).toEqual(header)
    expect(blockHash(header)).toBe(vectors.header.hash)
  })

  it('block: header + listed transactions encode to the listed bytes and decode back', () => {
    const block = { header, transactions: vectors.block.transactions.map((n) => signed[n]!) }
    expect(toHex(encodeBlock(block))).toBe(vectors.block.encoded)
    expect(decodeBlock(fromHex(vectors.block.encoded))).toEqual(block)
    expect(txRoot(block.transactions)).toBe(header.txRoot)
  })

  it('receipt: encodes to the listed bytes, decodes back; roots as listed', () => {
    expect(toHex(encodeReceipt(receipt))).toBe(vectors.receipt.encoded)
    expect(decodeReceipt(fromHex(vectors.receipt.encoded))).toEqual(receipt)
    expect(receiptsRoot([receipt])).toBe(vectors.roots.receiptsRoot)
    expect(txRoot([])).toBe(vectors.roots.emptyTxRoot)
    expect(receiptsRoot([])).toBe(vectors.roots.emptyReceiptsRoot)
  })

  it.each(vectors.contractAddresses.map((v) => [v.nonce, v] as const))('contract address of the sender at nonce %s: as listed', (_n, v) => {
    expect(contractAddress(v.sender, fromJson<bigint>(v.nonce))).toBe(v.address)
  })
})
