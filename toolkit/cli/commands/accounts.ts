import type { CommandAction } from '../CommandContext.ts'
import { accountAddress, connectNetwork } from '../network/connectNetwork.ts'
import { toToolkitError } from '../toToolkitError.ts'

/** `toolkit accounts`: the network's configured accounts (the `--from` indexes) with their balances. */
const accounts: CommandAction = async (ctx) => {
  const network = await ctx.network()
  ctx.log(`Network ${network.name} (${network.type === 'url' ? network.url : 'in-process devnet'})`)
  if (network.accounts.length === 0) {
    ctx.log('  no accounts configured (add `accounts` to the network in toolkit.config.ts)')
    return
  }
  const [{ callRpc }, connection] = await Promise.all([import('../../client/callRpc.ts'), connectNetwork(network)])
  try {
    const addresses = await Promise.all(network.accounts.map(accountAddress))
    const balances = await Promise.all(addresses.map((a) => (a === undefined ? undefined : callRpc(connection.provider, 'chain_getBalance', [a]))))
    for (const [i, account] of network.accounts.entries()) {
      const source = account.type === 'dev' ? `dev ${account.index}` : account.type === 'key' ? (account.source === 'config' ? 'key' : account.source) : `env:${account.variable}`
      const address = addresses[i]
      ctx.log(address === undefined ? `  (${i}) not available: ${source} is not set` : `  (${i}) ${address}  ${balances[i]}  [${source}]`)
    }
  } catch (error) {
    throw toToolkitError(error, { network })
  } finally {
    await connection.close()
  }
}

export default accounts
