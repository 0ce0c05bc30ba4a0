import { executeCandidates, sealBlock, type ProduceInput, type Produced } from './blocks/produceBlock.ts'
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
  // Not only-if-pending: always a block (empty or not).
  return serialized(node, async () => (await produceNext(node, options, false)) as Produced)
}

/**
 * Like {@link mineBlock}, but only when the pool holds a transaction that can go in the block
 * now (automine): resolves to the block made; to 'left-out' when every candidate was left out
 * (they leave the pool with their codes, and no empty block is made for them); or to undefined
 * when nothing could be mined.
 */
export function mineIfPending(node: Node, options: MineOptions = {}): Promise<Produced | 'left-out' | undefined> {
  return serialized(node, () => produceNext(node, options, true))
}

async function produceNext(node: Node, options: MineOptions, onlyIfPending: boolean): Promise<Produced | 'left-out' | undefined> {
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
  const input: ProduceInput = {
    chainId: node.config.chainId,
    parent,
    timestamp,
    proposer: node.coinbase,
    gasLimit: node.config.gas.blockGasLimit,
    consensus: DEV_CONSENSUS,
    transactions: picked.map((p) => p.tx.tx),
    ...(options.preState ? { preState: options.preState } : {}),
  }
  const executed = executeCandidates(node.vm, node.flat, input)
  if (onlyIfPending && executed.included.length === 0 && !options.preState) {
    // Nothing to put in a block: drop what was left out, and make no empty block for it.
    forgetExcluded(node, executed.excluded, accountOf)
    if (vmNeedsMaintenance(node.vm)) await maintainVm(node.vm)
    return 'left-out'
  }
  node.nextTimestamp = undefined
  const produced = await sealBlock(node.store, node.nodes, node.flat, input, executed)
  node.head = { hash: produced.hash, header: produced.block.header }
  rememberReceipts(node, produced)
  for (const h of produced.txHashes) removeFromPool(node.mempool, h)
  forgetExcluded(node, produced.excluded, accountOf)
  emit(node, { type: 'newHead', hash: produced.hash, header: produced.block.header, receipts: produced.receipts, txHashes: produced.txHashes })
  if (vmNeedsMaintenance(node.vm)) await maintainVm(node.vm)
  return produced
}

const DEV_CONSENSUS = new TextEncoder().encode('dev')
const RECENT_RECEIPTS = 4096

/** Drop transactions a block left out from the pool, remembering why for their senders. */
function forgetExcluded(node: Node, excluded: Produced['excluded'], accountOf: (sender: string) => { nonce: bigint; balance: bigint }): void {
  const recent = node.recentExclusions
  for (const x of excluded) {
    recent.set(x.hash, x.code)
    removeFromPool(node.mempool, x.hash)
  }
  for (const h of recent.keys()) {
    if (recent.size <= RECENT_RECEIPTS) break
    recent.delete(h)
  }
  prunePool(node.mempool, accountOf)
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
