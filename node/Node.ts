import type { Vm } from '../vm/index.ts'
import type { FlatState } from './blocks/FlatState.ts'
import type { Produced } from './blocks/produceBlock.ts'
import type { BlockHeader, Receipt, SignedTransaction } from './chain/types.ts'
import type { NodeConfig } from './config/nodeConfig.ts'
import type { KeyPair } from './crypto/keys.ts'
import type { Mempool } from './mempool/Mempool.ts'
import type { SignatureVerifier } from './execution/SignatureVerifier.ts'
import type { BlockState, StateReader } from './execution/BlockState.ts'
import type { StoreClient } from './storeThread/StoreClient.ts'
import type { InclusionError } from './execution/applyTransaction.ts'

/** A pooled transaction: decoded, with its wire bytes. */
export interface PooledTx {
  readonly tx: SignedTransaction
  readonly bytes: Uint8Array
}

export interface Head {
  readonly hash: string
  readonly header: BlockHeader
}

/** What the node tells its listeners (RPC subscriptions, the dev chain, tests). */
export type NodeEvent =
  | { readonly type: 'newHead'; readonly hash: string; readonly header: BlockHeader; readonly receipts: readonly Receipt[]; readonly txHashes: readonly string[] }
  | { readonly type: 'pendingTransaction'; readonly hash: string }

/**
 * A block executed and handed to the store thread to seal, not committed yet (automine makes the
 * next block on it meanwhile).
 */
export interface InFlightBlock {
  readonly height: number
  readonly timestamp: number
  /** Its writes over the block before: what the next block executes on until this one is committed. */
  readonly state: BlockState
  readonly txHashes: readonly string[]
  /** Settles once the store has committed it and the node's head is on it; rejects if it could not. */
  readonly committed: Promise<Produced>
}

/** One prefunded dev account with its keys (dev chains only: the keys are public). */
export interface DevAccount {
  readonly address: string
  readonly keys: KeyPair
}

/**
 * A running node's resources: store, VM, live state, mempool, head. It holds them; the work is
 * done by free functions (`mineBlock`, `submitTransaction`, queries) that take it.
 */
export class Node {
  head: Head
  /** Added to the wall clock for block times (dev: increaseTime). */
  timeOffsetMs = 0
  /** Exact timestamp for the next block (dev: setNextBlockTimestamp), then cleared. */
  nextTimestamp: number | undefined
  readonly listeners = new Set<(e: NodeEvent) => void>()
  /** Serializes block production and state changes. */
  queue: Promise<unknown> = Promise.resolve()
  /** How many serialized jobs (blocks to make, state changes) are queued or running. */
  queued = 0
  timer: ReturnType<typeof setInterval> | undefined
  /**
   * Receipts of the latest blocks made here, by transaction hash, with their location: a sender
   * asks for its receipt right after its block (automine). Bounded; cleared when blocks are undone.
   */
  readonly recentReceipts = new Map<string, { readonly receipt: Receipt; readonly location: { readonly blockHash: string; readonly blockHeight: number; readonly index: number } }>()
  /**
   * Pooled transactions that a block left out (with why) and dropped from the pool: automine
   * answers their senders with the code. Bounded like `recentReceipts`.
   */
  readonly recentExclusions = new Map<string, InclusionError>()
  /** Automine: pooled transactions that could not be mined when they came (a nonce gap). */
  readonly automineWaiting = new Set<string>()
  /**
   * Blocks executed and being sealed by the store thread, oldest first. `head` and `flat` are
   * the last committed block's; these come after it (see tipOf).
   */
  readonly inFlight: InFlightBlock[] = []
  /** The in-flight block of each transaction in one, by hash. */
  readonly inFlightTx = new Map<string, InFlightBlock>()
  /** Transactions whose block the store could not commit, with why (bounded like `recentReceipts`). */
  readonly recentFailures = new Map<string, unknown>()
  closed = false
  constructor(
    readonly config: NodeConfig,
    readonly store: StoreClient,
    readonly vm: Vm,
    readonly flat: FlatState,
    readonly mempool: Mempool<PooledTx>,
    readonly genesisHash: string,
    head: Head,
    readonly devAccounts: readonly DevAccount[],
    readonly coinbase: string,
    readonly verifier: SignatureVerifier,
  ) {
    this.head = head
  }
}

/** Run `work` after everything queued before it (block production is one at a time). */
export function serialized<T>(node: Node, work: () => Promise<T>): Promise<T> {
  node.queued++
  const run = node.queue.then(work, work).finally(() => node.queued--)
  node.queue = run.catch(() => undefined)
  return run
}

/**
 * The block the next one is made on: the newest in flight, or the head. Its state is what a new
 * transaction is checked against (nonce, funds) and executed on.
 */
export function tipOf(node: Node): { readonly height: number; readonly timestamp: number; readonly state: StateReader } {
  const last = node.inFlight[node.inFlight.length - 1]
  return last ?? { height: node.head.header.height, timestamp: node.head.header.timestamp, state: node.flat }
}

export function emit(node: Node, event: NodeEvent): void {
  for (const l of node.listeners) {
    try {
      l(event)
    } catch {
      // a listener's failure is its own problem; the chain goes on
    }
  }
}
