/**
 * Test helpers for tsvm projects (`tsvm/testing`): an in-process devnet with funded wallets,
 * compile-once typed deploys, Hardhat-style fixtures and time travel, revert/event/balance
 * assertions for vitest, and a gas report. Entry point: import from here.
 * @example
 * import { afterAll, it } from 'vitest'
 * import { createTestChain, expectEvent, expectRevert, loadFixture } from 'tsvm/testing'
 * import type * as Token from '../contracts/Token.ts'
 *
 * const chain = await createTestChain()
 * afterAll(() => chain.close())
 * async function deployToken() {
 *   return { token: await chain.deploy<typeof Token>('contracts/Token.ts', ['Token', 'TKN', 18, 1000n]) }
 * }
 * it('transfer: more than the balance reverts', async () => {
 *   const { token } = await loadFixture(deployToken)
 *   await expectRevert(token.transfer(chain.accounts[1]!, 1001n), 'insufficient balance')
 * })
 */
export { createTestChain, GAS_REPORT_ENV, NETWORK_URL_ENV } from './createTestChain.ts'
export type { DeployScriptResult, TestChain, TestChainOptions } from './TestChain.ts'
export { activeChain } from './activeChain.ts'
export { loadFixture, increaseTime, setNextBlockTimestamp, mine, latestBlockTime, snapshot, revert } from './defaultChain.ts'
export { ARTIFACTS_ENV, loadArtifact } from './loadArtifact.ts'
export { abiFromCode } from './abiFromCode.ts'

export { expectRevert, type RevertExpectation } from './expectRevert.ts'
export { expectEvent, expectNoEvent, type EventExpectation, type EventSource, type ExpectEventOptions, type FieldExpectation } from './expectEvent.ts'
export { expectBalanceChange, expectBalanceChanges, type AccountLike, type BalanceChangeOptions } from './expectBalanceChange.ts'
export { nativeBalance, type BalanceSource, type NativeBalance } from './nativeBalance.ts'

export { createGasReporter, type ContractNamer, type GasRecord, type GasReporter, type GasReporterOptions } from './createGasReporter.ts'
export { formatGasReport, readGasReport, summarizeGas, type GasSummaryRow } from './formatGasReport.ts'

export type { ContractDeployOptions, ContractSource, DeployContext, DeployNetwork, DeployRest, DeployScript } from './DeployContext.ts'
export { TESTING_ERRORS, TestingError, type TestingErrorCode } from './TestingError.ts'

// What tests use next to the helpers, so a test file needs one import.
export { ContractError } from '../client/ContractError.ts'
export type { CallResult, Contract, DeployedContract } from '../client/Contract.ts'
export type { Wallet } from '../client/createWallet.ts'
