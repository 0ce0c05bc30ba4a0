/**
 * The dev chain's time and snapshot controls as free functions over a provider (the node's
 * `dev_*` methods; see docs/rpc.md). The test chain's methods and the free helpers of
 * `toolkit/testing` are thin layers over these.
 */
import { callRpc } from '../client/callRpc.ts'
import type { Provider } from '../client/Provider.ts'
import { TestingError } from './TestingError.ts'

/** Remember the chain's head; returns a single-use snapshot id for {@link revertTo}. */
export function takeSnapshot(provider: Provider): Promise<string> {
  return callRpc(provider, 'dev_snapshot', [])
}

/** Roll the chain back to a snapshot. The id and every later one are used up. */
export async function revertTo(provider: Provider, id: string): Promise<void> {
  await callRpc(provider, 'dev_revert', [id])
}

/** Block time (ms since the epoch, UTC) of the newest block. */
export async function latestBlockTime(provider: Provider): Promise<number> {
  const block = await callRpc(provider, 'chain_getBlockByNumber', ['latest', false])
  if (!block) throw new Error('the node has no latest block')
  return block.timestamp
}

/**
 * Move time forward by `ms`: mine one block exactly `ms` after the latest one, and move the
 * node's clock forward by `ms` for every later block (as Hardhat's `time.increase`). Returns
 * the new latest block time. The explicit timestamp makes the jump exact even when the latest
 * block is ahead of the node's clock (after `setNextBlockTimestamp`).
 * @example await increaseTime(provider, 3_600_000) // latest block time + one hour
 */
export async function increaseTime(provider: Provider, ms: number): Promise<number> {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new TestingError('INVALID_ARGUMENT', `increaseTime takes a non-negative integer of milliseconds, got ${ms}`, { ms })
  const target = (await latestBlockTime(provider)) + ms
  await callRpc(provider, 'dev_increaseTime', [ms])
  await callRpc(provider, 'dev_mine', [1, target])
  return latestBlockTime(provider)
}

/** The next block's exact timestamp (ms); it must be later than the latest block. Mines nothing. */
export async function setNextBlockTimestamp(provider: Provider, timestamp: number | Date): Promise<void> {
  const ms = timestamp instanceof Date ? timestamp.getTime() : timestamp
  if (!Number.isSafeInteger(ms) || ms < 0) throw new TestingError('INVALID_ARGUMENT', `setNextBlockTimestamp takes ms since the epoch or a Date, got ${String(timestamp)}`, { timestamp: ms })
  await callRpc(provider, 'dev_setNextBlockTimestamp', [ms])
}

/** Mine `blocks` blocks (default 1) with whatever is pending. */
export async function mine(provider: Provider, blocks = 1): Promise<void> {
  if (!Number.isSafeInteger(blocks) || blocks < 1) throw new TestingError('INVALID_ARGUMENT', `mine takes a positive number of blocks, got ${blocks}`, { blocks })
  // The node mines at most 10,000 blocks per request.
  for (let left = blocks; left > 0; left -= 10_000) await callRpc(provider, 'dev_mine', [Math.min(left, 10_000)])
}
