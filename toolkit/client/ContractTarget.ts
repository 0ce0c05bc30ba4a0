import type { Abi, AbiMethod, MethodKind } from '../../contracts/sdk/abi.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import type { Wallet } from './createWallet.ts'
import type { Provider } from './Provider.ts'

/** Where the dry run of a deploy places the new contract (node/queries.ts estimateExecutionGas). */
export const DEPLOY_DRY_RUN_ADDRESS = '0x' + 'ff'.repeat(20)

/** What the contract actions need: the contract, its ABI and artifact, and who runs the calls. */
export interface ContractTarget {
  readonly address: string
  readonly abi: Abi
  readonly artifact: Artifact | undefined
  readonly provider: Provider
  /** Undefined when the runner is a bare provider: reads only. */
  readonly wallet: Wallet | undefined
  /** Other artifacts whose source maps may explain a failure (contracts this one calls). */
  readonly artifacts: readonly Artifact[]
}

/** The ABI entry of `name`, of one of `kinds`; ClientError UNKNOWN_METHOD otherwise. */
export function methodOf(target: ContractTarget, name: string, kinds: readonly MethodKind[]): AbiMethod {
  const method = target.abi.methods.find((m) => m.name === name && kinds.includes(m.kind))
  if (!method) throw new ClientError('UNKNOWN_METHOD', `no ${kinds.join('/')} method ${name} in the ABI of ${target.address}`, { method: name, contract: target.address })
  return method
}

/** The wallet to send with; ClientError NO_SIGNER for a read-only contract. */
export function walletOf(target: ContractTarget, method: string): Wallet {
  if (!target.wallet) throw new ClientError('NO_SIGNER', `${method} sends a transaction but this contract has no wallet`, { method, contract: target.address })
  return target.wallet
}

/**
 * The artifact to map a failure's frames with. Frames belong to `debug.contract`: this contract
 * (or its deploy dry run), or another one it called, found by code hash among `artifacts`.
 */
export function artifactResolver(target: ContractTarget, ownAddresses: readonly string[] = []) {
  return async (contract: string | undefined): Promise<Artifact | undefined> => {
    if (contract === undefined || contract === target.address || ownAddresses.includes(contract)) return target.artifact
    const candidates = [...(target.artifact ? [target.artifact] : []), ...target.artifacts]
    if (candidates.length === 0) return undefined
    const code = await callRpc(target.provider, 'chain_getCode', [contract])
    return code ? candidates.find((a) => a.codeHash === code.codeHash) : undefined
  }
}
