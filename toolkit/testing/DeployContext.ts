/**
 * The shape of a deploy script (`deploy/*.ts` in a project): a default-exported async function
 * that receives a DeployContext. `toolkit deploy` runs scripts against a network and records
 * what they deploy in `deployments/<network>.json`; tests run the same scripts against a test
 * chain with `chain.runDeployScript(script)`.
 * @example
 * import type { DeployContext } from 'tsvm/testing'
 * import type * as Token from '../contracts/Token.ts'
 * export default async function deploy({ deploy, accounts, network, log }: DeployContext) {
 *   const token = await deploy<typeof Token>('contracts/Token.ts', ['My Token', 'MTK', 18, 10n ** 24n])
 *   log(`Token on ${network.name} at ${token.address}, owned by ${accounts[0]!.address}`)
 * }
 */
import type { Abi } from '../../contracts/sdk/abi.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import type { Contract, DeployedContract, InitArgs } from '../client/Contract.ts'
import type { Wallet } from '../client/createWallet.ts'
import type { DeployOptions } from '../client/deployContract.ts'

/** A contract to build a handle from: a contract path (compiled), an artifact, or a bare ABI. */
export type ContractSource = string | Artifact | Abi

/** Options of a deploy: the client's (gas, value, ...) plus who deploys and under what name. */
export interface ContractDeployOptions extends DeployOptions {
  /** The deploying account: a wallet, or an index into the accounts. Default: account 0. */
  readonly from?: Wallet | number
  /** The name the deployment is recorded under. Default: the contract name (file name). */
  readonly name?: string
}

/** The arguments after a deploy's path: the constructor's arguments (optional when it takes none), then options. */
export type DeployRest<M> = [] extends InitArgs<M> ? [args?: InitArgs<M>, options?: ContractDeployOptions] : [args: InitArgs<M>, options?: ContractDeployOptions]

/** The network a deploy script runs against. */
export interface DeployNetwork {
  /** The network's name in toolkit.config.ts (`local`, ...), or `test` on a test chain. */
  readonly name: string
  readonly chainId: string
  /** JSON-RPC URL; absent for an in-process chain. */
  readonly url?: string
  /** Address of a DAppRegistry to register apps in, when the network configures one. */
  readonly registry?: string
}

/** What a deploy script receives. */
export interface DeployContext {
  /**
   * Compile (once) and deploy a contract, path relative to the project root; resolves with the
   * typed contract. Give the module type for typed constructor arguments and methods.
   */
  deploy<M = unknown>(contractPath: string, ...rest: DeployRest<M>): Promise<DeployedContract<M>>
  /**
   * A handle on a contract already on chain. Without `source`, the ABI embedded in the
   * deployed code is used (methods untyped: go through `contract.read` / `contract.write`).
   */
  at<M = unknown>(address: string, source?: ContractSource): Promise<Contract<M>>
  /** Signing accounts; `accounts[0]` deploys by default. */
  readonly accounts: readonly Wallet[]
  readonly network: DeployNetwork
  /** Progress output (the CLI prints it; a test chain collects it). */
  log(...parts: unknown[]): void
}

/** A deploy script's default export. */
export type DeployScript = (context: DeployContext) => unknown | Promise<unknown>
