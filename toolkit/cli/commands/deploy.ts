import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Artifact } from '../../compiler/compileContract.ts'
import type { DeployedContract } from '../../client/Contract.ts'
import type { WalletKey } from '../../client/createWallet.ts'
import type { ResolvedNetwork } from '../../config/resolveConfig.ts'
import type { ContractDeployOptions, DeployContext, DeployRest } from '../../testing/DeployContext.ts'
import type { CommandAction } from '../CommandContext.ts'
import { deploymentsFile, readDeployments, writeDeployments, type DeploymentsFile } from '../deploy/deployments.ts'
import { ToolkitError } from '../errors.ts'
import { registerTypeScript } from '../registerTypeScript.ts'
import { toToolkitError } from '../toToolkitError.ts'
import compile from './compile.ts'

/** The signing keys of a network's accounts (accounts whose `env:` variable is unset are left out). */
function accountKeys(network: ResolvedNetwork): WalletKey[] {
  return network.accounts.flatMap((a): WalletKey[] => (a.type === 'dev' ? [a.index] : a.type === 'key' ? [a.secretKey] : []))
}

/**
 * `toolkit deploy [--network name] [--reset]`: compile, then run `deploy/*.ts` in file-name
 * order, each with a DeployContext on the network. On a URL network every deployed contract is
 * recorded in `deployments/<network>.json` (address, codeHash, txHash, block), and a contract
 * recorded under the same name with the same code (and still on chain) is reused instead of
 * deployed again, unless --reset. The in-process devnet is a fresh chain each run: nothing is
 * recorded. A failing script is TK_DEPLOY_SCRIPT_FAILED, with the contract's TypeScript line
 * when a contract call failed.
 */
const deploy: CommandAction = async (ctx, _args, options) => {
  const config = await ctx.project()
  const network = await ctx.network()
  const root = config.paths.root
  const scriptsDir = config.paths.deploy
  const scripts = existsSync(scriptsDir)
    ? readdirSync(scriptsDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .sort()
    : []
  await compile(ctx, [], {})
  const relDir = path.relative(root, scriptsDir) || '.'
  if (scripts.length === 0) {
    ctx.log(`No deploy scripts in ${relDir} (deploy/*.ts, each default-exporting an async function of a DeployContext)`)
    return
  }

  const [{ createTestChain }, { callRpc }, { ContractError }] = await Promise.all([
    import('../../testing/createTestChain.ts'),
    import('../../client/callRpc.ts'),
    import('../../client/ContractError.ts'),
    registerTypeScript(),
  ])
  const keys = accountKeys(network)
  const chain = await createTestChain({
    root,
    artifacts: config.paths.artifacts,
    ...(network.type === 'url' ? { url: network.url } : {}),
    ...(keys.length > 0 ? { accounts: keys } : {}),
  }).catch((error: unknown) => {
    throw toToolkitError(error, { network })
  })

  const record = network.type === 'url'
  const file = deploymentsFile(config.paths.deployments, network.name)
  const records: DeploymentsFile = record ? readDeployments(file) : {}
  const reset = options.reset === true
  if (options.register === true && (network.type !== 'url' || network.registry === undefined)) {
    throw new ToolkitError('TK_NO_REGISTRY', `network "${network.name}" has no DAppRegistry address`)
  }
  ctx.log(`Deploying to ${network.name}${network.type === 'url' ? ` (${network.url})` : ' (a fresh in-process devnet: nothing is recorded)'}`)

  /** The recorded deployment of `name` when it has this code and the code is still at its address. */
  const reusable = async (name: string, artifact: Artifact) => {
    const prev = records[name]
    if (reset || !prev || prev.codeHash !== artifact.codeHash) return undefined
    const onChain = await callRpc(chain.provider, 'chain_getCode', [prev.address]).catch(() => null)
    return onChain?.codeHash === artifact.codeHash ? prev : undefined
  }

  try {
    for (const script of scripts) {
      const rel = path.join(relDir, script)
      ctx.log(`▸ ${rel}`)
      // The registry reaches deploy scripts only when registering was asked for (--register or
      // the network's `register: true`); scripts register the app when they see it.
      const registry = network.type === 'url' && (options.register === true || network.register) ? network.registry : undefined
      const base = await chain.deployContext({ network: { name: network.name, ...(registry ? { registry } : {}) }, log: (line) => ctx.log(`  ${line}`) })
      const context: DeployContext = {
        accounts: base.accounts,
        network: base.network,
        log: base.log,
        at: base.at,
        async deploy<M>(contractPath: string, ...rest: DeployRest<M>): Promise<DeployedContract<M>> {
          const opts = rest[1] as ContractDeployOptions | undefined
          const artifact = await chain.artifact(contractPath)
          const name = opts?.name ?? artifact.contractName
          const prev = record ? await reusable(name, artifact) : undefined
          if (prev) {
            ctx.log(`  reusing ${name} at ${prev.address}`)
            const contract = await chain.at<M>(prev.address, artifact)
            return Object.freeze({ ...contract, deployment: { hash: prev.txHash, receipt: undefined } }) as unknown as DeployedContract<M>
          }
          const contract = await base.deploy<M>(contractPath, ...rest)
          const { hash, receipt } = contract.deployment
          ctx.log(`  deployed ${name} at ${contract.address} (tx ${hash}, block #${receipt.blockHeight}, gas ${receipt.gasUsed})`)
          if (record) {
            records[name] = { address: contract.address, codeHash: artifact.codeHash, txHash: hash, block: receipt.blockHeight }
            writeDeployments(file, records)
          }
          return contract
        },
      }
      try {
        const mod = (await import(pathToFileURL(path.join(scriptsDir, script)).href)) as { default?: unknown }
        if (typeof mod.default !== 'function') throw new Error(`${rel} has no default-exported function`)
        await (mod.default as (c: DeployContext) => unknown)(context)
      } catch (error) {
        const tk = toToolkitError(error, { network })
        if (tk.code === 'TK_NETWORK_UNREACHABLE') throw tk
        const details = error instanceof ContractError && error.source ? [`  at ${error.source.file}:${error.source.line}`] : []
        const why = error instanceof Error ? error.message : String(error)
        throw new ToolkitError('TK_DEPLOY_SCRIPT_FAILED', `${rel} failed: ${why}`, { details, cause: error })
      }
    }
  } finally {
    await chain.close()
  }
  if (record) ctx.log(`Deployments recorded in ${path.relative(root, file)}`)
}

export default deploy
