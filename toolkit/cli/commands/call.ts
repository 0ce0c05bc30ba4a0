import type { CommandAction } from '../CommandContext.ts'
import { prepareContractCommand } from '../contract/prepareContractCommand.ts'
import { connectNetwork } from '../network/connectNetwork.ts'
import { toJsonText } from '../toJsonText.ts'
import { toToolkitError } from '../toToolkitError.ts'

/** `toolkit call <Contract> <address> <method> [args...]`: run a view, print its result as JSON (bigints as strings). */
const call: CommandAction = async (ctx, words, options) => {
  const { network, artifact, artifacts, method, args } = await prepareContractCommand(ctx, words, 'view')
  const { contractAt } = await import('../../client/contractAt.ts')
  const connection = await connectNetwork(network)
  try {
    const runner = options.from === undefined ? connection.provider : await connection.wallet(options.from as number)
    const contract = contractAt(artifact, words[1] as string, runner, { artifacts })
    const read = contract.read as Record<string, (...a: unknown[]) => Promise<unknown>>
    ctx.log(toJsonText(await read[method.name]!(...args), true))
  } catch (error) {
    throw toToolkitError(error, { network })
  } finally {
    await connection.close()
  }
}

export default call
