import { blockHash } from '../chain/blockHash.ts'
import { receiptsRoot } from '../chain/receiptsRoot.ts'
import { txHash } from '../chain/txHash.ts'
import { txRoot } from '../chain/txRoot.ts'
import type { Block, BlockHeader, Receipt, SignedTransaction } from '../chain/types.ts'
import { applyTransaction, type InclusionError } from '../execution/applyTransaction.ts'
import { BlockState, type StateReader } from '../execution/BlockState.ts'
import type { Vm } from '../../vm/index.ts'
import type { CachedNodeStore } from '../storage/CachedNodeStore.ts'
import type { ChainStore } from '../storage/ChainStore.ts'
import { computeStateRoot } from './commitState.ts'
import type { FlatState } from './FlatState.ts'

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

/** The candidates executed on the parent state, before the block is sealed (root, header, commit). */
export interface Executed {
  readonly height: number
  readonly state: BlockState
  readonly included: readonly SignedTransaction[]
  readonly receipts: readonly Receipt[]
  readonly txHashes: readonly string[]
  readonly excluded: ReadonlyArray<{ readonly hash: string; readonly code: InclusionError }>
  readonly gasUsed: number
}

/** What executing a block takes: its height and the producer's choices (no parent hash: it may not be sealed yet). */
export type ExecuteInput = Pick<ProduceInput, 'timestamp' | 'proposer' | 'gasLimit' | 'transactions' | 'preState'> & { readonly height: number }

/** The height of the block after `parent` (0 for genesis). */
export const heightAfter = (parent: ProduceInput['parent']): number => (parent ? parent.header.height + 1 : 0)

/**
 * Execute the candidates of the next block in order on the parent state (in memory, nothing
 * written): the receipts of those included, and why each of the others was left out. The parent
 * state is the head's (the flat state) or that of an executed block not sealed yet (its
 * BlockState), which is how automine runs several blocks before sealing them.
 */
export function executeCandidates(vm: Vm, parentState: StateReader, input: ExecuteInput): Executed {
  const { height } = input
  const state = new BlockState(parentState)
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
  return { height, state, included, receipts, txHashes, excluded, gasUsed: input.gasLimit - gasLeft }
}

/**
 * Seal executed candidates into the next block and commit it: compute the state root (fetching
 * the tree nodes it needs first), build the header, write everything in one batch, then move
 * the in-memory state forward.
 */
export async function sealBlock(store: ChainStore, nodes: CachedNodeStore, flat: FlatState, input: ProduceInput, executed: Executed): Promise<Produced> {
  const { height, state, included, receipts, txHashes, excluded } = executed
  if (height !== heightAfter(input.parent)) throw new Error(`sealBlock: block ${height} executed, but the parent is at ${heightAfter(input.parent) - 1}`)
  const { stateRoot, commit } = await computeStateRoot(store, nodes, flat, state, input.parent?.header.stateRoot ?? ZERO_HASH)
  const header: BlockHeader = {
    chainId: input.chainId,
    height,
    parentHash: input.parent?.hash ?? ZERO_HASH,
    timestamp: input.timestamp,
    stateRoot,
    txRoot: txRoot(included),
    receiptsRoot: receiptsRoot(receipts),
    gasUsed: executed.gasUsed,
    gasLimit: input.gasLimit,
    proposer: input.proposer,
    consensus: input.consensus,
  }
  const block: Block = { header, transactions: included }
  const hash = blockHash(header)
  await commit(block, hash, receipts, txHashes)
  return { block, hash, receipts, txHashes, excluded }
}

/**
 * Build the next block on the node's head and commit it: {@link executeCandidates}, then
 * {@link sealBlock}. Execution is deterministic; the only choices made here are the producer's
 * (which transactions, the timestamp).
 */
export async function produceBlock(vm: Vm, store: ChainStore, nodes: CachedNodeStore, flat: FlatState, input: ProduceInput): Promise<Produced> {
  return sealBlock(store, nodes, flat, input, executeCandidates(vm, flat, { ...input, height: heightAfter(input.parent) }))
}
