import type { NodeConfigInput } from '../../node/config/nodeConfig.ts'
import type { Node } from '../../node/Node.ts'
import type { Contract, DeployedContract } from '../client/Contract.ts'
import type { Wallet, WalletKey } from '../client/createWallet.ts'
import type { Provider } from '../client/Provider.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import type { GasReporter } from './createGasReporter.ts'
import type { ContractSource, DeployContext, DeployNetwork, DeployRest, DeployScript } from './DeployContext.ts'
import type { NativeBalance } from './nativeBalance.ts'

export interface TestChainOptions {
  /** Project root; contract paths are resolved against it. Default: `process.cwd()`. */
  readonly root?: string
  /**
   * Where `toolkit compile` writes the project's artifacts. A contract whose artifact there is
   * current (by the build cache) is deployed from it instead of being compiled again. Default:
   * the `TSVM_ARTIFACTS_DIR` environment variable (`toolkit test` sets it), else `<root>/artifacts`.
   */
  readonly artifacts?: string
  /**
   * A running node to test against (http://, https://, ws://, wss://) instead of a new
   * in-process one. Default: the `TSVM_NETWORK_URL` environment variable, if set. The node must
   * serve the dev methods (dev_snapshot, dev_mine, ...) for fixtures and time travel.
   */
  readonly url?: string
  /** Settings of the in-process node (chain id, dev accounts and their balance, gas limits, genesis). */
  readonly node?: NodeConfigInput
  /** Signing keys. Default: the node's dev accounts (dev_accounts). */
  readonly accounts?: readonly WalletKey[]
  /**
   * Record the gas of every transaction the chain's wallets send. Default: when
   * `TSVM_GAS_REPORT` is set, a reporter appending to that file.
   */
  readonly gasReporter?: GasReporter
}

/** What `runDeployScript` reports: the contracts deployed by name, and the script's log lines. */
export interface DeployScriptResult {
  readonly deployments: Readonly<Record<string, string>>
  readonly logs: readonly string[]
}

/**
 * A chain to test against, with its wallets, compile-once artifacts, typed deploys, fixtures,
 * time travel and snapshots. Every method is a closure: destructuring
 * (`const { deploy, loadFixture } = chain`) works.
 */
export interface TestChain {
  readonly provider: Provider
  /** The in-process node; undefined when testing against a URL. */
  readonly node: Node | undefined
  readonly root: string
  /** Signing wallets (the dev accounts); `wallets[0]` deploys by default. */
  readonly wallets: readonly Wallet[]
  /** Their addresses. */
  readonly accounts: readonly string[]
  /** Native balances, for expectBalanceChange (`chain.native.balanceOf(address)`). */
  readonly native: NativeBalance
  readonly gasReporter: GasReporter | undefined
  /** Compile a contract (path relative to the root) once per process. */
  artifact(contractPath: string): Promise<Artifact>
  /**
   * Deploy a contract (path relative to the root) and return it typed by its module.
   * @example const token = await chain.deploy<typeof import('../contracts/Token.ts')>('contracts/Token.ts', ['T', 'T', 18, 1000n])
   */
  deploy<M = unknown>(contractPath: string, ...rest: DeployRest<M>): Promise<DeployedContract<M>>
  /** A handle on a deployed contract, run by `runner` (default wallet 0). Without `source`, the ABI embedded in its code. */
  at<M = unknown>(address: string, source?: ContractSource, runner?: Wallet): Promise<Contract<M>>
  /**
   * Run `fixture` once and snapshot the chain; later calls with the same function revert to
   * that state and return the same result (à la Hardhat). Fixtures must be named functions.
   */
  loadFixture<T>(fixture: (chain: TestChain) => Promise<T>): Promise<T>
  /** Snapshot the chain; the id is single-use. */
  snapshot(): Promise<string>
  /**
   * Revert to a snapshot: its blocks, and (in process) its clock, so time moved forward after
   * the snapshot is undone too. Wallets resync their nonces.
   */
  revert(id: string): Promise<void>
  /**
   * Mine a block `ms` after the latest one and move the node's clock forward by `ms` for every
   * later block; returns the new latest block time (exactly the previous one + `ms`).
   */
  increaseTime(ms: number): Promise<number>
  /** The next block's exact time (ms since the epoch, or a Date). */
  setNextBlockTimestamp(timestamp: number | Date): Promise<void>
  /** Mine `blocks` blocks (default 1). */
  mine(blocks?: number): Promise<void>
  /** The latest block's time, ms since the epoch (UTC). */
  latestBlockTime(): Promise<number>
  blockNumber(): Promise<number>
  /** Set an account's native balance. */
  setBalance(account: string | { readonly address: string }, amount: bigint): Promise<void>
  /** A deploy script's context on this chain (network name `test` unless overridden). */
  deployContext(overrides?: { readonly network?: Partial<DeployNetwork>; readonly log?: (line: string) => void }): Promise<DeployContext & { readonly deployments: Readonly<Record<string, string>> }>
  /** Run a deploy script (a `deploy/*.ts` default export) against this chain. */
  runDeployScript(script: DeployScript, overrides?: { readonly network?: Partial<DeployNetwork> }): Promise<DeployScriptResult>
  /** Stop the in-process node (or disconnect) and release everything. Idempotent. */
  close(): Promise<void>
}
