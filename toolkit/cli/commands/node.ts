import path from 'node:path'
import type { CommandAction } from '../CommandContext.ts'
import { ToolkitError } from '../errors.ts'

/**
 * `toolkit node`: a dev node (automine unless --block-time) with JSON-RPC over HTTP and
 * WebSocket, the node's own pieces (createNode + startRpc). Prints the RPC URL and the
 * prefunded accounts with their keys, one line per block with transactions, and stops cleanly
 * on Ctrl-C (SIGINT) or SIGTERM: the action resolves then, and the exit code is 0.
 */
const node: CommandAction = async (ctx, _args, options) => {
  const [{ loadNodeConfig, ConfigError }, { createNode, closeNode, NodeError }, { startRpc }] = await Promise.all([
    import('../../../node/config/loadNodeConfig.ts'),
    import('../../../node/createNode.ts'),
    import('../../../node/rpc/startRpc.ts'),
  ])
  const port = options.port as number
  const host = options.host as string
  const blockTimeMs = options.blockTime as number | undefined
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(ctx.cwd, options.dataDir as string)

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
  ctx.log('Ctrl-C stops the node.')

  chain.listeners.add((e) => {
    if (e.type !== 'newHead' || e.receipts.length === 0) return
    const txs = e.receipts.map((r) => `${r.txHash.slice(0, 10)}… ${r.status}${r.code ? ` ${r.code}` : ''} gas ${r.gasUsed}`)
    ctx.log(`block #${e.header.height}  ${txs.join('; ')}`)
  })

  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      ctx.log('\nStopping the node…')
      void rpc
        .close()
        .then(() => closeNode(chain))
        .then(resolve, (error: unknown) => {
          ctx.warn(`error while stopping: ${(error as Error).message}`)
          resolve()
        })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export default node
