import type { TestChain } from './TestChain.ts'
import { TestingError } from './TestingError.ts'

// Open test chains of this process, newest last. The free helpers (loadFixture, increaseTime,
// ...) act on the newest, as Hardhat's act on its one network: test files rarely hold two.
const open: TestChain[] = []

/** Called by createTestChain / close(). */
export function registerChain(chain: TestChain): void {
  open.push(chain)
}

export function unregisterChain(chain: TestChain): void {
  const i = open.lastIndexOf(chain)
  if (i >= 0) open.splice(i, 1)
}

/**
 * The most recently created test chain that is still open; TestingError NO_TEST_CHAIN if none.
 * @example const chain = activeChain()
 */
export function activeChain(): TestChain {
  const chain = open[open.length - 1]
  if (!chain) throw new TestingError('NO_TEST_CHAIN', 'no open test chain')
  return chain
}
