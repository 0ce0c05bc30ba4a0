import { contractAddress } from '../../node/chain/contractAddress.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import { ClientError } from './ClientError.ts'
import type { DeployedContract, InitArgs, WriteOptions } from './Contract.ts'
import { contractAt, type ContractAtOptions } from './contractAt.ts'
import { artifactResolver, DEPLOY_DRY_RUN_ADDRESS, type ContractTarget } from './ContractTarget.ts'
import type { Wallet } from './createWallet.ts'
import { encodeArguments } from './encodeArguments.ts'
import { explainFailedReceipt } from './explainFailedReceipt.ts'
import { withSource } from './sendContract.ts'

export type DeployOptions = WriteOptions & ContractAtOptions

/**
 * Deploy an artifact and return the typed contract at its new address, with the deploy
 * transaction as `deployment`. Constructor arguments are checked against the `init` method's
 * ABI and sent as `{ type: 'deploy', code: artifact.code, args: JSON.stringify(encodeValue(args)) }`.
 * A constructor that fails throws ContractError with its TypeScript line (from the dry run
 * before sending, or by replaying a mined failure).
 * @example
 * const token = await deployContract<typeof ERC20>(wallet, artifact, ['Token', 'TKN', 18, 10n ** 24n])
 * token.address; token.deployment.receipt.gasUsed
 */
export async function deployContract<M = unknown>(wallet: Wallet, artifact: Artifact, args: InitArgs<M>, options: DeployOptions = {}): Promise<DeployedContract<M>> {
  const { wait: waitOptions, artifacts, ...sendOptions } = options
  const init = artifact.abi.methods.find((m) => m.kind === 'init')
  const list = args as readonly unknown[]
  if (!init && list.length > 0) {
    throw new ClientError('INVALID_ARGUMENT', `${artifact.contractName} has no constructor (init) but got ${list.length} argument(s)`, { method: 'init', expected: 0, got: list.length })
  }
  const encoded = init ? encodeArguments(init, list) : []
  const payload = { type: 'deploy' as const, code: artifact.code, args: JSON.stringify(encoded) }
  // Failure frames of a deploy belong to the new contract, at its dry-run or real address.
  const target: ContractTarget = { address: DEPLOY_DRY_RUN_ADDRESS, abi: artifact.abi, artifact, provider: wallet.provider, wallet, artifacts: artifacts ?? [] }
  let sent
  try {
    sent = await wallet.send(payload, sendOptions)
  } catch (error) {
    throw await withSource(error, target)
  }
  const receipt = await sent.wait(waitOptions)
  const predicted = contractAddress(wallet.address, sent.nonce)
  if (receipt.status === 'failure') {
    throw await explainFailedReceipt(wallet.provider, sent, receipt, { contract: predicted, method: 'deploy', artifactFor: artifactResolver(target, [predicted]) })
  }
  if (!receipt.contractAddress) throw new ClientError('DEPLOY_FAILED', `deploy ${sent.hash} succeeded without a contract address`, { hash: sent.hash })
  const contract = contractAt<M>(artifact, receipt.contractAddress, wallet, artifacts ? { artifacts } : {})
  return Object.freeze({ ...contract, deployment: Object.freeze({ hash: sent.hash, receipt }) }) as DeployedContract<M>
}
