import { signedTransactionCodec } from '../chain/codecs.ts'
import { txHash } from '../chain/txHash.ts'
import type { Block, BlockHeader, Receipt, SignedTransaction } from '../chain/types.ts'
import { applyTransaction, type InclusionError } from '../execution/applyTransaction.ts'
import { BlockState, type StateReader } from '../execution/BlockState.ts'
import type { Vm } from '../../vm/index.ts'
import type { FlatState } from './FlatState.ts'
import type { SealRequest } from './sealBlock.ts'
import { ownBytes } from '../storeThread/protocol.ts'

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

/** The producer's choices for a block, besides its transactions: what the header records. */
export type BlockChoices = Pick<ProduceInput, 'chainId' | 'timestamp' | 'proposer' | 'gasLimit' | 'consensus'>

/**
 * What the store needs to seal an executed block (see sealBlock): its writes, each with the
 * value it replaces in the state the block was executed on, its transactions' wire bytes, its
 * receipts and the code it stores first. `expect`: the header of a block being imported.
 */
export function sealRequestOf(choices: BlockChoices, executed: Executed, expect?: BlockHeader): SealRequest {
  const { state } = executed
  const base = state.base
  const changes = state.changes()
  return {
    chainId: choices.chainId,
    height: executed.height,
    timestamp: choices.timestamp,
    proposer: choices.proposer,
    gasLimit: choices.gasLimit,
    gasUsed: executed.gasUsed,
    consensus: ownBytes(choices.consensus),
    // Own buffers: the request is posted to the store thread (see ownBytes).
    transactions: executed.included.map((tx) => ownBytes(signedTransactionCodec.bytesOf(tx))),
    receipts: executed.receipts,
    accounts: (changes.accounts ?? []).map(({ address, account }) => ({ address, account, previous: base.getAccount(address) ?? null })),
    storage: (changes.storage ?? []).map(({ contract, key, value }) => ({ contract, key, value, previous: base.getStorage(contract, key) ?? null })),
    codes: [...state.codes].filter(([h]) => base.getCode(h) === undefined),
    ...(expect ? { expect } : {}),
  }
}

/** Move the in-memory state forward by a block the store has committed. */
export function applyExecuted(flat: FlatState, state: BlockState): void {
  for (const [address, account] of state.accounts) flat.accounts.set(address, account)
  for (const [k, value] of state.storage) {
    if (value === null) flat.storage.delete(k)
    else flat.storage.set(k, value)
  }
  for (const [h, code] of state.codes) flat.codes.set(h, code)
}
