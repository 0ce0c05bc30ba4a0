import { applyExecuted, executeCandidates, sealRequestOf, type BlockChoices, type Executed, type ExecuteInput, type Produced } from './blocks/produceBlock.ts'
import type { BlockState, StateReader } from './execution/BlockState.ts'
import { prunePool, removeFromPool, selectForBlock } from './mempool/Mempool.ts'
import { emit, serialized, tipOf, type InFlightBlock, type Node } from './Node.ts'
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
 * later than the parent. Blocks still being sealed are committed first.
 */
export function mineBlock(node: Node, options: MineOptions = {}): Promise<Produced> {
  return serialized(node, async () => {
    await settleInFlight(node)
    return produceNext(node, options)
  })
}

/**
 * Automine: blocks of ONE transaction each (as Hardhat makes them), for as many transactions as
 * the pool holds ready, at most `maxBlocks` in a row, and wait until they are committed.
 * Resolves to how many blocks were made, 'left-out' when the first candidate was left out, or
 * undefined when nothing could be mined. With `for` (the transaction a submitter waits on), a
 * run queued behind the one that already mined it does nothing and resolves to 0.
 */
export function mineIfPending(node: Node, options: { maxBlocks?: number; for?: string } = {}): Promise<number | 'left-out' | undefined> {
  return serialized(node, async () => {
    if (options.for !== undefined && !node.mempool.byHash.has(options.for)) return 0
    const made = await executeRun(node, options.maxBlocks ?? AUTOMINE_RUN)
    await settleInFlight(node)
    return made
  })
}

/**
 * The automine step behind a submitted transaction: like mineIfPending, but it returns once the
 * run's blocks are executed and handed to the store thread, not committed. The next run can
 * then execute on them while the store seals them (the main thread executes, the store thread
 * hashes and writes); a submitter waits for its own block with `committedTx`.
 */
export function automine(node: Node, options: { for?: string } = {}): Promise<number | 'left-out' | undefined> {
  return serialized(node, async () => {
    if (options.for !== undefined && !node.mempool.byHash.has(options.for)) return 0
    return executeRun(node, AUTOMINE_RUN)
  })
}

/**
 * Resolves when the block holding transaction `hash` is committed (at once if none is in flight);
 * rejects if it could not be. A node with nothing else to do (no block to make, nothing in the
 * pool, no signature being checked: one sender awaiting each transaction) looks for the store
 * thread's answer for up to IDLE_POLL_MS instead of sleeping until it comes: waking a thread that
 * sleeps costs ~100 µs on this kind of machine, half a sealed block's time.
 */
export async function committedTx(node: Node, hash: string): Promise<void> {
  node.store.pollReplies()
  if (node.inFlightTx.has(hash) && node.queued === 0 && node.mempool.byHash.size === 0 && node.verifier.inFlight === 0) {
    const until = performance.now() + IDLE_POLL_MS
    while (node.inFlightTx.has(hash) && performance.now() < until) {
      node.store.pollReplies()
      // Lets the answer's handlers (which move the head) run.
      await Promise.resolve()
    }
  }
  const entry = node.inFlightTx.get(hash)
  if (entry !== undefined) await entry.committed
  else if (node.recentFailures.has(hash)) throw node.recentFailures.get(hash)
}

/** Wait until every block in flight is committed or dropped (its failure is its submitters' to see). */
export async function settleInFlight(node: Node): Promise<void> {
  while (node.inFlight.length > 0) await node.inFlight[node.inFlight.length - 1]!.committed.catch(() => undefined)
}

/** How long an idle node polls for its block's commit before it sleeps until the answer comes (ms). */
const IDLE_POLL_MS = 1

/** At most this many automined blocks are executed in one run. */
export const AUTOMINE_RUN = 16
/**
 * At most this many blocks in flight: past it a run first waits for the oldest to commit, so a
 * store thread that falls behind slows automine down instead of letting blocks pile up.
 */
export const MAX_IN_FLIGHT = 64

/**
 * Execute a run of one-transaction blocks, each on the state the one before leaves (the newest
 * in flight, or the head), and hand each to the store thread as it is made. The blocks are the
 * ones made one at a time: the same candidates in the same order on the same states. A candidate
 * left out ends the run (those picked after it were picked as if it went in), and so does an
 * engine instance that needs looking after (maintainVm runs after the run); the ones left out
 * leave the pool with their codes and get no block.
 */
async function executeRun(node: Node, maxBlocks: number): Promise<number | 'left-out' | undefined> {
  if (node.closed) throw new Error('the node is closed')
  while (node.inFlight.length >= MAX_IN_FLIGHT) await node.inFlight[0]!.committed.catch(() => undefined)
  const picked = selectForBlock(node.mempool, accountReader(tipOf(node).state), maxBlocks)
  if (picked.length === 0) return undefined
  const excluded: Array<Produced['excluded'][number]> = []
  let made = 0
  for (const p of picked) {
    const tip = tipOf(node)
    const wanted = (made === 0 ? node.nextTimestamp : undefined) ?? Date.now() + node.timeOffsetMs
    const choices = blockChoices(node, Math.max(wanted, tip.timestamp + 1))
    const executed = executeCandidates(node.vm, tip.state, { ...choices, height: tip.height + 1, transactions: [p.tx.tx] })
    if (executed.included.length === 0) {
      excluded.push(...executed.excluded)
      break
    }
    handOff(node, choices, executed)
    // Commits the store thread has answered meanwhile are taken now, not when the event loop next
    // turns (after the whole run): their submitters can send their next transaction sooner.
    node.store.pollReplies()
    made++
    // The engine's instances are looked after between blocks, as when blocks are made one at a time.
    if (vmNeedsMaintenance(node.vm)) break
  }
  if (made > 0) node.nextTimestamp = undefined
  forgetExcluded(node, excluded)
  if (vmNeedsMaintenance(node.vm)) await maintainVm(node.vm)
  return made > 0 ? made : 'left-out'
}

/** Make one block of everything picked from the pool on the head, and wait until it is committed. */
async function produceNext(node: Node, options: MineOptions): Promise<Produced> {
  if (node.closed) throw new Error('the node is closed')
  const picked = selectForBlock(node.mempool, accountReader(node.flat), options.maxTransactions ?? 10_000)
  const parent = node.head
  const wanted = options.timestamp ?? node.nextTimestamp ?? Date.now() + node.timeOffsetMs
  const choices = blockChoices(node, Math.max(wanted, parent.header.timestamp + 1))
  const input: ExecuteInput = {
    ...choices,
    height: parent.header.height + 1,
    transactions: picked.map((p) => p.tx.tx),
    ...(options.preState ? { preState: options.preState } : {}),
  }
  const executed = executeCandidates(node.vm, node.flat, input)
  node.nextTimestamp = undefined
  const inFlight = handOff(node, choices, executed)
  forgetExcluded(node, executed.excluded)
  const produced = await inFlight.committed
  if (vmNeedsMaintenance(node.vm)) await maintainVm(node.vm)
  return produced
}

/**
 * Send an executed block to the store thread to be sealed, and track it in flight: its
 * transactions leave the pool now (the next block must not pick them again); once the store
 * answers, the flat state and the head move onto it, its receipts are remembered and the new
 * head is announced. Blocks are committed in the order handed off.
 */
function handOff(node: Node, choices: BlockChoices, executed: Executed): InFlightBlock {
  for (const h of executed.txHashes) removeFromPool(node.mempool, h)
  const entry: InFlightBlock = {
    height: executed.height,
    timestamp: choices.timestamp,
    state: executed.state,
    txHashes: executed.txHashes,
    committed: node.store.seal(sealRequestOf(choices, executed)).then(
      (outcome): Produced => {
        if (!outcome.ok || node.inFlight[0] !== entry) throw new Error(`the store sealed block ${executed.height} out of turn (${outcome.ok ? 'order' : outcome.code})`)
        applyExecuted(node.flat, executed.state)
        node.head = { hash: outcome.hash, header: outcome.header }
        node.inFlight.shift()
        for (const h of entry.txHashes) node.inFlightTx.delete(h)
        // The next block read through this one's overlay; its writes are in the flat state now.
        node.inFlight[0]?.state.rebase(node.flat)
        const produced: Produced = { block: { header: outcome.header, transactions: executed.included }, hash: outcome.hash, receipts: executed.receipts, txHashes: executed.txHashes, excluded: executed.excluded }
        rememberReceipts(node, produced)
        emit(node, { type: 'newHead', hash: produced.hash, header: produced.block.header, receipts: produced.receipts, txHashes: produced.txHashes })
        return produced
      },
      (e: unknown) => {
        dropInFlight(node, entry, e)
        throw e
      },
    ),
  }
  // The failure is the submitters' to see (through `committed`); unobserved, it must not crash the process.
  entry.committed.catch(() => undefined)
  node.inFlight.push(entry)
  for (const h of entry.txHashes) node.inFlightTx.set(h, entry)
  return entry
}

/**
 * A block the store could not commit: it and every block made on it are dropped (their seals
 * fail too, the store's head having not moved); the node stays on its last committed block and
 * their transactions are gone. Their submitters get the error (committedTx), even one that asks
 * after the drop.
 */
function dropInFlight(node: Node, entry: InFlightBlock, error: unknown): void {
  const at = node.inFlight.indexOf(entry)
  if (at < 0) return
  for (const dropped of node.inFlight.splice(at)) {
    for (const h of dropped.txHashes) {
      node.inFlightTx.delete(h)
      node.recentFailures.set(h, error)
    }
  }
  for (const h of node.recentFailures.keys()) {
    if (node.recentFailures.size <= RECENT_RECEIPTS) break
    node.recentFailures.delete(h)
  }
}

/** The dev engine's choices for a block at `timestamp` on the node's chain. */
function blockChoices(node: Node, timestamp: number): BlockChoices {
  return { chainId: node.config.chainId, timestamp, proposer: node.coinbase, gasLimit: node.config.gas.blockGasLimit, consensus: DEV_CONSENSUS }
}

/** Nonce and balance of a sender in `state`, for picking from the pool. */
function accountReader(state: StateReader) {
  return (sender: string) => {
    const a = state.getAccount(sender)
    return { nonce: a?.nonce ?? 0n, balance: a?.balance ?? 0n }
  }
}

const DEV_CONSENSUS = new TextEncoder().encode('dev')
const RECENT_RECEIPTS = 4096

/** Drop transactions a block left out from the pool, remembering why for their senders. */
function forgetExcluded(node: Node, excluded: Produced['excluded']): void {
  const recent = node.recentExclusions
  for (const x of excluded) {
    recent.set(x.hash, x.code)
    removeFromPool(node.mempool, x.hash)
  }
  for (const h of recent.keys()) {
    if (recent.size <= RECENT_RECEIPTS) break
    recent.delete(h)
  }
  prunePool(node.mempool, accountReader(tipOf(node).state))
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
