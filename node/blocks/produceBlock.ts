import { blockHash } from '../chain/blockHash.ts'
import { receiptsRoot } from '../chain/receiptsRoot.ts'
import { senderAddress } from '../chain/senderAddress.ts'
import { txHash } from '../chain/txHash.ts'
import { txRoot } from '../chain/txRoot.ts'
import type { Block, BlockHeader, Receipt, SignedTransaction } from '../chain/types.ts'
import { applyTransaction, type InclusionError } from '../execution/applyTransaction.ts'
import { BlockState } from '../execution/BlockState.ts'
import { applyStateChanges } from '../state/applyStateChanges.ts'
import { accountKey, storageKey } from '../state/stateKeys.ts'
import type { Vm } from '../../vm/index.ts'
import type { CachedNodeStore } from '../storage/CachedNodeStore.ts'
import type { ChainStore } from '../storage/ChainStore.ts'
import { commitBlock } from './commitBlock.ts'
import { applyFlat, flatWrites, type FlatState } from './FlatState.ts'

export interface ProduceInput {
  readonly chainId: string
  readonly parent: { readonly hash: string; readonly header: BlockHeader } | undefined
  readonly timestamp: number
  readonly proposer: string
  readonly gasLimit: number
  readonly consensus: Uint8Array
  /** Candidates in priority order; those that cannot be included are reported, not fatal. */
  readonly transactions: readonly SignedTransaction[]
  /** State changes outside transactions: genesis allocations, dev overrides. */
  readonly preState?: (state: BlockState) => void
}

export interface Produced {
  readonly block: Block
  readonly hash: string
  readonly receipts: readonly Receipt[]
  readonly txHashes: readonly string[]
  readonly excluded: ReadonlyArray<{ readonly hash: string; readonly code: InclusionError }>
}

const ZERO_HASH = '0x' + '0'.repeat(64)

/**
 * Build the next block on the node's head and commit it: execute the candidates, compute the
 * state root (fetching the tree nodes it needs first), write everything in one batch, then
 * move the in-memory state forward. Execution is deterministic; the only choices made here are
 * the producer's (which transactions, the timestamp).
 */
export async function produceBlock(vm: Vm, store: ChainStore, nodes: CachedNodeStore, flat: FlatState, input: ProduceInput): Promise<Produced> {
  const height = input.parent ? input.parent.header.height + 1 : 0
  const state = new BlockState(flat)
  input.preState?.(state)
  const ctx = { height, time: input.timestamp, proposer: input.proposer }
  const included: SignedTransaction[] = []
  const receipts: Receipt[] = []
  const txHashes: string[] = []
  const excluded: Array<{ hash: string; code: InclusionError }> = []
  let gasLeft = input.gasLimit
  for (const tx of input.transactions) {
    const hash = txHash(tx)
    const r = applyTransaction(vm, state, ctx, tx, hash, gasLeft)
    if (!r.ok) {
      excluded.push({ hash, code: r.code })
      continue
    }
    included.push(tx)
    receipts.push(r.receipt)
    txHashes.push(hash)
    gasLeft -= r.receipt.gasUsed
  }
  const changes = state.changes()
  const parentRoot = Buffer.from((input.parent?.header.stateRoot ?? ZERO_HASH).slice(2), 'hex')
  const keys = [
    ...(changes.accounts ?? []).map((a) => ({ key: accountKey(a.address), value: a.account === null ? null : new Uint8Array(0) })),
    ...(changes.storage ?? []).map((s) => ({ key: storageKey(s.contract, s.key), value: s.value === null ? null : new Uint8Array(0) })),
  ]
  await nodes.prefetch(parentRoot, keys)
  const update = applyStateChanges(nodes, parentRoot, changes)
  const header: BlockHeader = {
    chainId: input.chainId,
    height,
    parentHash: input.parent?.hash ?? ZERO_HASH,
    timestamp: input.timestamp,
    stateRoot: '0x' + Buffer.from(update.root).toString('hex'),
    txRoot: txRoot(included),
    receiptsRoot: receiptsRoot(receipts),
    gasUsed: input.gasLimit - gasLeft,
    gasLimit: input.gasLimit,
    proposer: input.proposer,
    consensus: input.consensus,
  }
  const block: Block = { header, transactions: included }
  const hash = blockHash(header)
  const flatChanges = flatWrites(flat, changes.accounts ?? [], changes.storage ?? [])
  const newCodes = new Map([...state.codes].filter(([h]) => !flat.codes.has(h)))
  await commitBlock(store, { block, hash, receipts, txHashes, stateNodes: update.newNodes, codes: newCodes, flat: flatChanges })
  nodes.remember(update.newNodes)
  applyFlat(flat, flatChanges)
  for (const [h, c] of newCodes) flat.codes.set(h, c)
  return { block, hash, receipts, txHashes, excluded }
}

/** Sender address of each transaction (used to prune the pool after a block). */
export function sendersOf(txs: readonly SignedTransaction[]): Set<string> {
  return new Set(txs.map(senderAddress))
}
