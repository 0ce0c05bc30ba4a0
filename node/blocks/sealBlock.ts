import { blockHash } from '../chain/blockHash.ts'
import { decodeTransaction } from '../chain/encodeTransaction.ts'
import { receiptsRoot } from '../chain/receiptsRoot.ts'
import { txHash } from '../chain/txHash.ts'
import { txRoot } from '../chain/txRoot.ts'
import type { Block, BlockHeader, Receipt } from '../chain/types.ts'
import { ownHexBytes, toHex } from '../codec/hex.ts'
import type { Account } from '../state/Account.ts'
import { treeChanges } from '../state/applyStateChanges.ts'
import { updateTree } from '../state/updateTree.ts'
import type { CachedNodeStore } from '../storage/CachedNodeStore.ts'
import type { ChainStore } from '../storage/ChainStore.ts'
import { commitBlock } from './commitBlock.ts'
import { flatWrites } from './FlatState.ts'

/** One account the block writes (null deletes it), with what it replaces (null: absent before). */
export interface AccountWrite {
  readonly address: string
  readonly account: Account | null
  readonly previous: Account | null
}

/** One storage slot the block writes (null deletes it), with what it replaces. */
export interface StorageWrite {
  readonly contract: string
  readonly key: string
  readonly value: string | null
  readonly previous: string | null
}

/**
 * An executed block as the store needs it to seal and commit it: plain data, so that it can be
 * handed to the store thread as a message. The node executes blocks; the store computes their
 * roots and hash and writes them (see node/storeThread).
 */
export interface SealRequest {
  readonly chainId: string
  readonly height: number
  readonly timestamp: number
  readonly proposer: string
  readonly gasLimit: number
  readonly gasUsed: number
  readonly consensus: Uint8Array
  /** Wire bytes of the included transactions, in block order. */
  readonly transactions: readonly Uint8Array[]
  readonly receipts: readonly Receipt[]
  /** The block's writes, accounts and slots each in key order (BlockState.changes). */
  readonly accounts: readonly AccountWrite[]
  readonly storage: readonly StorageWrite[]
  /** Code this block stores for the first time, by code hash. */
  readonly codes: ReadonlyArray<readonly [codeHash: string, code: string]>
  /**
   * Import: the header the block came with. The computed header must equal it field by field;
   * otherwise nothing is written and the outcome names the first root that differs.
   */
  readonly expect?: BlockHeader
}

/** Why an imported block was refused by the store (the roots it claims are not the ones computed). */
export type SealMismatch = 'BLOCK_NOT_NEXT' | 'BLOCK_TX_ROOT_MISMATCH' | 'BLOCK_RECEIPTS_MISMATCH' | 'BLOCK_GAS_USED_MISMATCH' | 'BLOCK_STATE_ROOT_MISMATCH'

export type SealOutcome =
  | { readonly ok: true; readonly hash: string; readonly header: BlockHeader }
  | { readonly ok: false; readonly code: SealMismatch; readonly detail: string }

/** A committed block as the store knows it: the parent of the next seal. */
export interface StoreHead {
  readonly hash: string
  readonly header: BlockHeader
}

const ZERO_HASH = '0x' + '0'.repeat(64)

/**
 * Seal an executed block on `parent` (undefined: genesis) and commit it: the state root (the
 * tree nodes it needs fetched first), the transaction and receipt roots, the header and its
 * hash, then everything in one atomic batch (commitBlock). Deterministic: the same parent and
 * request give the same bytes on every node. Throws only on a store failure.
 */
export async function sealBlock(store: ChainStore, nodes: CachedNodeStore, parent: StoreHead | undefined, req: SealRequest): Promise<SealOutcome> {
  const height = parent ? parent.header.height + 1 : 0
  if (req.height !== height) throw new Error(`sealBlock: block ${req.height} given, but the store's head is at ${height - 1}`)
  if (req.expect && req.expect.parentHash !== (parent?.hash ?? ZERO_HASH)) return { ok: false, code: 'BLOCK_NOT_NEXT', detail: `parent ${req.expect.parentHash}` }
  const transactions = req.transactions.map(decodeTransaction)
  const txHashes = req.transactions.map((bytes) => txHash(bytes))
  const changes = { accounts: req.accounts, storage: req.storage }
  // Keys hashed and values encoded once: for the prefetch, the tree and the flat writes.
  const tree = treeChanges(changes)
  const parentRoot = ownHexBytes(parent?.header.stateRoot ?? ZERO_HASH)
  const header: BlockHeader = {
    chainId: req.chainId,
    height,
    parentHash: parent?.hash ?? ZERO_HASH,
    timestamp: req.timestamp,
    stateRoot: ZERO_HASH,
    txRoot: txRoot(transactions),
    receiptsRoot: receiptsRoot(req.receipts),
    gasUsed: req.gasUsed,
    gasLimit: req.gasLimit,
    proposer: req.proposer,
    consensus: req.consensus,
  }
  const expect = req.expect
  if (expect) {
    if (header.txRoot !== expect.txRoot) return { ok: false, code: 'BLOCK_TX_ROOT_MISMATCH', detail: expect.txRoot }
    if (header.receiptsRoot !== expect.receiptsRoot) return { ok: false, code: 'BLOCK_RECEIPTS_MISMATCH', detail: expect.receiptsRoot }
    if (header.gasUsed !== expect.gasUsed) return { ok: false, code: 'BLOCK_GAS_USED_MISMATCH', detail: `${header.gasUsed} ≠ ${expect.gasUsed}` }
  }
  await nodes.prefetch(parentRoot, tree)
  const update = updateTree(nodes, parentRoot, tree)
  const sealed: BlockHeader = { ...header, stateRoot: toHex(update.root) }
  if (expect && sealed.stateRoot !== expect.stateRoot) return { ok: false, code: 'BLOCK_STATE_ROOT_MISMATCH', detail: `${sealed.stateRoot} ≠ ${expect.stateRoot}` }
  const block: Block = { header: sealed, transactions }
  const hash = blockHash(sealed)
  const flat = flatWrites(req.accounts, req.storage, tree.map((c) => c.value))
  await commitBlock(store, { block, hash, receipts: req.receipts, txHashes, stateNodes: update.newNodes, codes: new Map(req.codes), flat })
  nodes.remember(update.newNodes)
  return { ok: true, hash, header: sealed }
}
