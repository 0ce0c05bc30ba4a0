/**
 * The Hardhat-style free helpers: each acts on the newest open test chain of the process (see
 * `activeChain`), so a test file reads `await loadFixture(deployToken)` and
 * `await increaseTime(3_600_000)` without passing the chain around.
 */
import { activeChain } from './activeChain.ts'
import type { TestChain } from './TestChain.ts'

/**
 * Run `fixture` once and snapshot; later calls revert to the snapshot and return the same
 * result. Snapshot ids are single-use, so each load takes a new one. Pass a named function.
 * @example
 * async function deployToken(chain: TestChain) { return { token: await chain.deploy<typeof Token>('contracts/Token.ts', [...]) } }
 * const { token } = await loadFixture(deployToken)
 */
export function loadFixture<T>(fixture: (chain: TestChain) => Promise<T>): Promise<T> {
  return activeChain().loadFixture(fixture)
}

/** Move block time forward by `ms` and mine a block; resolves with the new latest block time. */
export function increaseTime(ms: number): Promise<number> {
  return activeChain().increaseTime(ms)
}

/** Set the next block's exact time (ms since the epoch, or a Date). */
export function setNextBlockTimestamp(timestamp: number | Date): Promise<void> {
  return activeChain().setNextBlockTimestamp(timestamp)
}

/** Mine `blocks` blocks (default 1). */
export function mine(blocks = 1): Promise<void> {
  return activeChain().mine(blocks)
}

/** The latest block's time, ms since the epoch (UTC). */
export function latestBlockTime(): Promise<number> {
  return activeChain().latestBlockTime()
}

/** Snapshot the chain (single-use id). */
export function snapshot(): Promise<string> {
  return activeChain().snapshot()
}

/** Revert the chain to a snapshot. */
export function revert(id: string): Promise<void> {
  return activeChain().revert(id)
}
