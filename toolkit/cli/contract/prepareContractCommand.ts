import type { AbiMethod, MethodKind } from '../../../contracts/sdk/abi.ts'
import type { Artifact } from '../../compiler/compileContract.ts'
import type { ResolvedNetwork } from '../../config/resolveConfig.ts'
import type { CommandContext } from '../CommandContext.ts'
import { ToolkitError } from '../errors.ts'
import { parseMethodArgs } from './parseMethodArgs.ts'
import { artifactNamed, readArtifacts } from './readArtifacts.ts'

const ADDRESS = /^0x[0-9a-f]{40}$/

/** Check an address argument: 0x + 40 lowercase hex digits (the chain's one spelling). */
export function checkAddress(value: string, what = 'address'): string {
  if (!ADDRESS.test(value)) {
    throw new ToolkitError('TK_INVALID_ARGUMENT', `${what} ${JSON.stringify(value)} is not an address`, {
      hint: 'An address is 0x + 40 lowercase hex digits, as `toolkit accounts` and deploy receipts print them.',
    })
  }
  return value
}

export interface PreparedContractCommand {
  readonly network: ResolvedNetwork
  readonly artifact: Artifact
  /** Every artifact of the project: failures inside contracts it calls map to their TypeScript too. */
  readonly artifacts: readonly Artifact[]
  readonly method: AbiMethod
  readonly args: unknown[]
}

/**
 * What `call` and `send` check before touching the network: the project, the artifact, the
 * address, the method (of the right kind) and its arguments against the ABI.
 */
export async function prepareContractCommand(ctx: CommandContext, words: readonly unknown[], kind: MethodKind): Promise<PreparedContractCommand> {
  const [name, address, methodName, rest] = words as [string, string, string, string[] | undefined]
  const config = await ctx.project()
  const network = await ctx.network()
  const all = readArtifacts(config.paths.artifacts)
  const artifact = artifactNamed(all, name, config.paths.artifacts)
  checkAddress(address, 'contract address')
  const method = artifact.abi.methods.find((m) => m.name === methodName)
  if (!method || method.kind !== kind) {
    const of = (k: MethodKind) => artifact.abi.methods.filter((m) => m.kind === k).map((m) => m.name).join(', ') || '(none)'
    const other = kind === 'view' ? 'send' : 'call'
    const wrongKind = method !== undefined && method.kind !== 'init'
    throw new ToolkitError('TK_UNKNOWN_METHOD', wrongKind ? `${name}.${methodName} is a ${method.kind} method: use \`toolkit ${other}\`` : `${name} has no ${kind} method "${methodName}"`, {
      details: [`views: ${of('view')}`, `calls: ${of('call')}`],
    })
  }
  return { network, artifact, artifacts: [...all.values()], method, args: parseMethodArgs(method, rest ?? []) }
}
