import { produceBlock, type Produced } from './blocks/produceBlock.ts'
import type { BlockState } from './execution/BlockState.ts'
import { prunePool, removeFromPool, selectForBlock } from './mempool/Mempool.ts'
import { emit, serialized, type Node } from './Node.ts'
import { maintainVm, vmNeedsMaintenance } from '../vm/index.ts'

export interface MineOptions {
  /** State changes before the block's transactions (dev overrides). */
  readonly preState?: (state: BlockState) => void
  /** Exact block time (else the next timestamp set, or the clock plus any offset). */
  readonly timestamp?: number
  /** At most this many transactions from the pool (default 10,000). */
  readonly maxTransactions?: number
}

/**
 * Make the next block from the pool (best fee first, nonces in order) and commit it. Block
 * time: the exact next timestamp if one was set, else the clock plus any offset, and always
 * later than the parent.
 */
export function mineBlock(node: Node, options: MineOptions = {}): Promise<Produced> {
  return serialized(node, async () => (await produceNext(node, options, false))!)
}

/**
 * Like {@link mineBlock}, but only when the pool holds a transaction that can go in the block
 * now; otherwise nothing is made and this resolves to undefined (automine).
 */
export function mineIfPending(node: Node, options: MineOptions = {}): Promise<Produced | undefined> {
  return serialized(node, () => produceNext(node, options, true))
}

async function produceNext(node: Node, options: MineOptions, onlyIfPending: boolean): Promise<Produced | undefined> {
  if (node.closed) throw new Error('the node is closed')
  const accountOf = (sender: string) => {
    const a = node.flat.getAccount(sender)
    return { nonce: a?.nonce ?? 0n, balance: a?.balance ?? 0n }
  }
  const picked = selectForBlock(node.mempool, accountOf, options.maxTransactions ?? 10_000)
  if (onlyIfPending && picked.length === 0) return undefined
  const parent = node.head
  const wanted = options.timestamp ?? node.nextTimestamp ?? Date.now() + node.timeOffsetMs
  const timestamp = Math.max(wanted, parent.header.timestamp + 1)
  node.nextTimestamp = undefined
  const produced = await produceBlock(node.vm, node.store, node.nodes, node.flat, {
    chainId: node.config.chainId,
    parent,
    timestamp,
    proposer: node.coinbase,
    gasLimit: node.config.gas.blockGasLimit,
    consensus: DEV_CONSENSUS,
    transactions: picked.map((p) => p.tx.tx),
    ...(options.preState ? { preState: options.preState } : {}),
  })
  node.head = { hash: produced.hash, header: produced.block.header }
  rememberReceipts(node, produced)
  rememberExclusions(node, produced)
  for (const h of produced.txHashes) removeFromPool(node.mempool, h)
  for (const x of produced.excluded) removeFromPool(node.mempool, x.hash)
  prunePool(node.mempool, accountOf)
  emit(node, { type: 'newHead', hash: produced.hash, header: produced.block.header, receipts: produced.receipts, txHashes: produced.txHashes })
  if (vmNeedsMaintenance(node.vm)) await maintainVm(node.vm)
  return produced
}

const DEV_CONSENSUS = new TextEncoder().encode('dev')
const RECENT_RECEIPTS = 4096

function rememberExclusions(node: Node, produced: Produced): void {
  const recent = node.recentExclusions
  for (const x of produced.excluded) recent.set(x.hash, x.code)
  for (const h of recent.keys()) {
    if (recent.size <= RECENT_RECEIPTS) break
    recent.delete(h)
  }
}

function rememberReceipts(node: Node, produced: Produced): void {
  const recent = node.recentReceipts
  const blockHeight = produced.block.header.height
  produced.receipts.forEach((receipt, index) => {
    recent.set(produced.txHashes[index]!, { receipt, location: { blockHash: produced.hash, blockHeight, index } })
  })
  for (const h of recent.keys()) {
    if (recent.size <= RECENT_RECEIPTS) break
    recent.delete(h)
  }
}
