/**
 * The node process: `tsx node/main.ts [flags]` (see `--help`). Starts a dev node with RPC on
 * loopback, prints the RPC URL and the prefunded accounts, and stops cleanly on SIGINT/SIGTERM.
 * Prints one JSON line `{"event":"ready",...}` on stdout when serving (tests wait for it).
 */
import { loadNodeConfig, ConfigError, NODE_FLAGS } from './config/loadNodeConfig.ts'
import { closeNode, createNode, NodeError } from './createNode.ts'
import { startRpc } from './rpc/startRpc.ts'

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: node [flags]\n')
  for (const [name, f] of Object.entries(NODE_FLAGS)) console.log(`  --${name.padEnd(16)} ${f.description}`)
  process.exit(0)
}

try {
  const config = loadNodeConfig({ argv: process.argv.slice(2) })
  const node = await createNode(config)
  const rpc = await startRpc(node, { logger: { warn: (...a) => console.error('[rpc]', ...a), error: (...a) => console.error('[rpc]', ...a) } })
  const quiet = config.log.level === 'silent' || config.log.level === 'error' || config.log.level === 'warn'
  if (!quiet) {
    console.error(`tsvm dev node: chain ${config.chainId}, ${config.consensus.blockTimeMs === 0 ? 'automine' : `a block every ${config.consensus.blockTimeMs} ms`}, data ${config.dataDir ?? 'in memory'}`)
    console.error(`JSON-RPC  ${rpc.url}   WebSocket ${rpc.wsUrl}   head #${node.head.header.height}`)
    console.error('\nAccounts (dev keys: public, never use them for value):')
    node.devAccounts.forEach((a, i) => console.error(`  (${i}) ${a.address}  key 0x${Buffer.from(a.keys.secretKey).toString('hex')}`))
  }
  console.log(JSON.stringify({ event: 'ready', rpc: rpc.url, ws: rpc.wsUrl, height: node.head.header.height, chainId: config.chainId }))
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await rpc.close()
    await closeNode(node)
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (e) {
  if (e instanceof ConfigError || e instanceof NodeError) {
    console.error(`${e.code}: ${e.message}`)
    process.exit(2)
  }
  throw e
}
