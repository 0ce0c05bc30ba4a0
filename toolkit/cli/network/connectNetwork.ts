import type { Provider } from '../../client/Provider.ts'
import type { Wallet } from '../../client/createWallet.ts'
import type { ResolvedAccount, ResolvedNetwork } from '../../config/resolveConfig.ts'
import { ToolkitError } from '../errors.ts'

/** An open connection to a network: its provider, its accounts as wallets, and how to close it. */
export interface NetworkConnection {
  readonly network: ResolvedNetwork
  readonly provider: Provider
  /** The wallet of the network's account number `index` (its place in `accounts`). */
  wallet(index: number): Promise<Wallet>
  /** Close the provider (and stop the node of an in-process network). */
  close(): Promise<void>
}

/** The address of a configured account, or undefined when its `env:` variable is unset. */
export async function accountAddress(account: ResolvedAccount): Promise<string | undefined> {
  if (account.type === 'missing-env') return undefined
  const { DEV_PHRASE, devKeyPair, keyPairFromSeed } = await import('../../../node/crypto/keys.ts')
  if (account.type === 'dev') return devKeyPair(DEV_PHRASE, account.index).address
  return keyPairFromSeed(new Uint8Array(Buffer.from(account.secretKey.slice(2), 'hex'))).address
}

/**
 * Connect to a network: an HTTP or WebSocket provider for a `url` network; for an in-process
 * one, a fresh in-memory devnet started here (and stopped by `close`). Nothing is sent yet: an
 * unreachable node shows on the first request.
 */
export async function connectNetwork(network: ResolvedNetwork): Promise<NetworkConnection> {
  let provider: Provider
  let stop = async () => {}
  if (network.type === 'url') {
    if (/^wss?:/.test(network.url)) {
      const { createWsProvider } = await import('../../client/createWsProvider.ts')
      provider = createWsProvider(network.url, { timeoutMs: network.timeoutMs })
    } else {
      const { createHttpProvider } = await import('../../client/createHttpProvider.ts')
      provider = createHttpProvider(network.url, { timeoutMs: network.timeoutMs })
    }
  } else {
    const [{ loadNodeConfig }, { createNode, closeNode }, { createInProcessProvider }] = await Promise.all([
      import('../../../node/config/loadNodeConfig.ts'),
      import('../../../node/createNode.ts'),
      import('../../client/createInProcessProvider.ts'),
    ])
    const node = await createNode(loadNodeConfig({ overrides: { log: { level: 'silent' } } }))
    provider = createInProcessProvider(node)
    stop = () => closeNode(node)
  }
  const wallets = new Map<number, Wallet>()
  return {
    network,
    provider,
    async wallet(index) {
      const account = network.accounts[index]
      if (account === undefined) {
        throw new ToolkitError('TK_ACCOUNT_UNAVAILABLE', `network "${network.name}" has ${network.accounts.length} account(s); there is no account ${index}`)
      }
      if (account.type === 'missing-env') {
        throw new ToolkitError('TK_ACCOUNT_UNAVAILABLE', `account ${index} of network "${network.name}" is read from the environment variable ${account.variable}, which is not set`)
      }
      let wallet = wallets.get(index)
      if (!wallet) {
        const { createWallet } = await import('../../client/createWallet.ts')
        wallet = createWallet(account.type === 'dev' ? account.index : account.secretKey, provider)
        wallets.set(index, wallet)
      }
      return wallet
    },
    async close() {
      await provider.close()
      await stop()
    },
  }
}
