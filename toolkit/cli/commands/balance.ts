import type { CommandAction } from '../CommandContext.ts'
import { checkAddress } from '../contract/prepareContractCommand.ts'
import { connectNetwork } from '../network/connectNetwork.ts'
import { toToolkitError } from '../toToolkitError.ts'

/** `toolkit balance <address>`: the native balance in base units, one decimal integer on stdout. */
const balance: CommandAction = async (ctx, words) => {
  const address = checkAddress(words[0] as string)
  const network = await ctx.network()
  const [{ callRpc }, connection] = await Promise.all([import('../../client/callRpc.ts'), connectNetwork(network)])
  try {
    ctx.log(await callRpc(connection.provider, 'chain_getBalance', [address]))
  } catch (error) {
    throw toToolkitError(error, { network })
  } finally {
    await connection.close()
  }
}

export default balance
