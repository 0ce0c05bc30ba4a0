import { txHash } from '../chain/txHash.ts'
import { txRoot } from '../chain/txRoot.ts'
import type { Block, BlockHeader, Receipt } from '../chain/types.ts'
import { applyTransaction } from '../execution/applyTransaction.ts'
import { BlockState } from '../execution/BlockState.ts'
import type { SignatureVerifier } from '../execution/SignatureVerifier.ts'
import type { Vm } from '../../vm/index.ts'
import type { StoreClient } from '../storeThread/StoreClient.ts'
import type { FlatState } from './FlatState.ts'
import { applyExecuted, sealRequestOf, type Executed } from './produceBlock.ts'

export const IMPORT_ERRORS = {
  BLOCK_WRONG_CHAIN: 'the block is for another chain id',
  BLOCK_NOT_NEXT: 'the block does not extend the head (height or parent hash)',
  BLOCK_BAD_TIMESTAMP: 'the block time is not after its parent',
  BLOCK_BAD_GAS_LIMIT: 'the block gas limit differs from the chain rule',
  BLOCK_BAD_SIGNATURE: 'a transaction signature does not verify',
  BLOCK_TX_NOT_INCLUDABLE: 'a transaction cannot be included (nonce, funds or gas)',
  BLOCK_TX_ROOT_MISMATCH: 'the transactions root does not match the transactions',
  BLOCK_RECEIPTS_MISMATCH: 'executing the block gives other receipts',
  BLOCK_GAS_USED_MISMATCH: 'executing the block uses other gas',
  BLOCK_STATE_ROOT_MISMATCH: 'executing the block gives another state root',
} as const
export type ImportError = keyof typeof IMPORT_ERRORS

export type ImportResult =
  | { readonly ok: true; readonly hash: string; readonly header: BlockHeader; readonly receipts: readonly Receipt[]; readonly txHashes: readonly string[] }
  | { readonly ok: false; readonly code: ImportError; readonly detail: string }

export interface ImportContext {
  readonly vm: Vm
  readonly store: StoreClient
  readonly flat: FlatState
  readonly verifier: SignatureVerifier
  readonly chainId: string
  readonly gasLimit: number
  readonly head: { readonly hash: string; readonly header: Block['header'] }
}

/**
 * Validate a block from elsewhere against the head and commit it: header rules, every signature
 * (in parallel on worker threads), re-execution of every transaction here, then the store
 * thread computes the transaction, receipt and state roots, which must match the header. Nothing
 * is written unless all of it holds. The flat state moves onto the block once it is committed.
 */
export async function importBlock(ctx: ImportContext, block: Block): Promise<ImportResult> {
  const h = block.header
  const bad = (code: ImportError, detail: string): ImportResult => ({ ok: false, code, detail })
  if (h.chainId !== ctx.chainId) return bad('BLOCK_WRONG_CHAIN', `chain ${h.chainId}`)
  if (h.height !== ctx.head.header.height + 1 || h.parentHash !== ctx.head.hash) return bad('BLOCK_NOT_NEXT', `height ${h.height}, parent ${h.parentHash}`)
  if (h.timestamp <= ctx.head.header.timestamp) return bad('BLOCK_BAD_TIMESTAMP', `${h.timestamp} ≤ ${ctx.head.header.timestamp}`)
  if (h.gasLimit !== ctx.gasLimit) return bad('BLOCK_BAD_GAS_LIMIT', `${h.gasLimit}`)
  if (txRoot(block.transactions) !== h.txRoot) return bad('BLOCK_TX_ROOT_MISMATCH', h.txRoot)
  const verdicts = await ctx.verifier.verify(block.transactions)
  const badSig = verdicts.indexOf(false)
  if (badSig >= 0) return bad('BLOCK_BAD_SIGNATURE', `transaction ${badSig}`)

  const state = new BlockState(ctx.flat)
  const receipts: Receipt[] = []
  const txHashes: string[] = []
  let gasLeft = h.gasLimit
  for (const [i, tx] of block.transactions.entries()) {
    const hash = txHash(tx)
    const r = applyTransaction(ctx.vm, state, { height: h.height, time: h.timestamp, proposer: h.proposer }, tx, hash, gasLeft)
    if (!r.ok) return bad('BLOCK_TX_NOT_INCLUDABLE', `transaction ${i}: ${r.code}`)
    receipts.push(r.receipt)
    txHashes.push(hash)
    gasLeft -= r.receipt.gasUsed
  }
  const executed: Executed = { height: h.height, state, included: block.transactions, receipts, txHashes, excluded: [], gasUsed: h.gasLimit - gasLeft }
  const sealed = await ctx.store.seal(sealRequestOf(h, executed, h))
  if (!sealed.ok) return bad(sealed.code, sealed.detail)
  applyExecuted(ctx.flat, state)
  return { ok: true, hash: sealed.hash, header: sealed.header, receipts, txHashes }
}
