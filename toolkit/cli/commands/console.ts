import repl from 'node:repl'
import type { CommandAction } from '../CommandContext.ts'

/**
 * `toolkit console [--network name]`: a REPL with the network's `provider`, its `wallets`
 * (account 0 as `wallet`), `accounts` (addresses), and every contract recorded in
 * deployments/<network>.json as a typed-at-runtime object named after it (`await
 * Token.balanceOf(accounts[1])`), plus `artifacts` and the client library as `client`.
 * Top-level await works; `.exit` or Ctrl-D leaves and closes the connection.
 */
const consoleCommand: CommandAction = async (ctx) => {
  const [config, network] = await Promise.all([ctx.config(), ctx.network()])
  const [{ connectNetwork }, { readArtifacts }, { readDeployments, deploymentsFile }, client] = await Promise.all([
    import('../network/connectNetwork.ts'),
    import('../contract/readArtifacts.ts'),
    import('../deploy/deployments.ts'),
    import('../../client/index.ts'),
  ])
  const connection = await connectNetwork(network)
  const wallets = await Promise.all(network.accounts.map((_, i) => connection.wallet(i).catch(() => undefined)))
  const present = wallets.filter((w): w is NonNullable<typeof w> => w !== undefined)
  const artifacts = readArtifacts(config.paths.artifacts)
  const contracts: Record<string, unknown> = {}
  for (const [name, record] of Object.entries(readDeployments(deploymentsFile(config.paths.deployments, network.name)))) {
    const artifact = artifacts.get(name)
    if (artifact) contracts[name] = client.contractAt(artifact, record.address, present[0] ?? connection.provider)
  }
  const names = Object.keys(contracts)
  ctx.warn(`network ${network.name}; ${present.length} account(s)${names.length ? `; contracts: ${names.join(', ')}` : '; no deployments recorded'}`)
  ctx.warn('in scope: provider, wallet, wallets, accounts, artifacts, client' + (names.length ? ', ' + names.join(', ') : ''))
  const server = repl.start({ prompt: `${network.name}> `, useGlobal: false, ignoreUndefined: true })
  Object.assign(server.context, {
    provider: connection.provider,
    wallet: present[0],
    wallets: present,
    accounts: present.map((w) => w.address),
    artifacts: Object.fromEntries(artifacts),
    client,
    ...contracts,
  })
  await new Promise<void>((resolve) => server.on('exit', () => resolve()))
  await connection.close()
}

export default consoleCommand
