import path from 'node:path'
import type { CommandContext } from '../CommandContext.ts'
import { ToolkitError } from '../errors.ts'

export interface DevNodeOptions {
  readonly port: number
  readonly host: string
  readonly blockTimeMs?: number
  readonly dataDir?: string
}

export interface DevNode {
  /** The HTTP JSON-RPC URL. */
  readonly url: string
  /** The running node (for listeners). */
  readonly node: import('../../../node/Node.ts').Node
  /** How many prefunded dev accounts the node has. */
  readonly accountCount: number
  /** Stop the RPC server, then the node. */
  close(): Promise<void>
}

/**
 * Start an in-process dev node with JSON-RPC (for `toolkit node` and `toolkit dev`) and print
 * the banner (URL, accounts with their keys). Failures are ToolkitErrors (TK_USAGE,
 * TK_NODE_START_FAILED, TK_PORT_IN_USE).
 */
export async function startDevNode(ctx: CommandContext, options: DevNodeOptions): Promise<DevNode> {
  const [{ loadNodeConfig, ConfigError }, { createNode, closeNode, NodeError }, { startRpc }] = await Promise.all([
    import('../../../node/config/loadNodeConfig.ts'),
    import('../../../node/createNode.ts'),
    import('../../../node/rpc/startRpc.ts'),
  ])
  const { port, host, blockTimeMs } = options
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(ctx.cwd, options.dataDir)
  let config
  try {
    config = loadNodeConfig({
      cwd: ctx.cwd,
      overrides: {
        rpc: { host, port },
        log: { level: ctx.globals.verbose ? 'debug' : 'warn' },
        ...(blockTimeMs !== undefined ? { consensus: { engine: 'dev', blockTimeMs } } : {}),
        ...(dataDir !== undefined ? { dataDir } : {}),
      },
    })
  } catch (error) {
    if (error instanceof ConfigError) throw new ToolkitError('TK_USAGE', error.message, { cause: error })
    throw error
  }
  let chain
  try {
    chain = await createNode(config)
  } catch (error) {
    if (error instanceof NodeError) throw new ToolkitError('TK_NODE_START_FAILED', `${error.code}: ${error.message}`, { cause: error })
    throw error
  }
  let rpc
  try {
    rpc = await startRpc(chain, { logger: { warn: (...a) => ctx.warn(`[rpc] ${a.join(' ')}`), error: (...a) => ctx.warn(`[rpc] ${a.join(' ')}`) } })
  } catch (error) {
    await closeNode(chain)
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ToolkitError('TK_PORT_IN_USE', `${host}:${port} is already in use`, { cause: error })
    throw error
  }

  const mode = config.consensus.blockTimeMs === 0 ? 'automine' : `a block every ${config.consensus.blockTimeMs} ms`
  ctx.log(`tsvm dev node: chain ${config.chainId}, ${mode}, ${config.dataDir ? `data in ${config.dataDir}` : 'in memory'}, head #${chain.head.header.height}`)
  ctx.log()
  ctx.log(`JSON-RPC   ${rpc.url}`)
  ctx.log(`WebSocket  ${rpc.wsUrl}`)
  ctx.log()
  ctx.log('Accounts (dev keys are public: never use them for value)')
  for (const [i, a] of chain.devAccounts.entries()) {
    ctx.log(`  (${i}) ${a.address}  key 0x${Buffer.from(a.keys.secretKey).toString('hex')}`)
  }
  ctx.log(`  each with ${config.genesis.devBalance} (base units)`)
  ctx.log()

  const node = chain
  const server = rpc
  return {
    url: rpc.url,
    node,
    accountCount: chain.devAccounts.length,
    close: () => server.close().then(() => closeNode(node)),
  }
}
