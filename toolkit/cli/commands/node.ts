import type { CommandAction } from '../CommandContext.ts'
import { untilStopped } from '../dev/untilStopped.ts'

/**
 * `toolkit node`: a dev node (automine unless --block-time) with JSON-RPC over HTTP and
 * WebSocket, the node's own pieces (createNode + startRpc). Prints the RPC URL and the
 * prefunded accounts with their keys, one line per block with transactions, and stops cleanly
 * on Ctrl-C (SIGINT) or SIGTERM: the action resolves then, and the exit code is 0.
 */
const node: CommandAction = async (ctx, _args, options) => {
  const { startDevNode } = await import('../dev/startDevNode.ts')
  const dev = await startDevNode(ctx, {
    port: options.port as number,
    host: options.host as string,
    ...(options.blockTime !== undefined ? { blockTimeMs: options.blockTime as number } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir as string } : {}),
  })
  const chain = dev.node
  ctx.log('Ctrl-C stops the node.')

  chain.listeners.add((e) => {
    if (e.type !== 'newHead' || e.receipts.length === 0) return
    const txs = e.receipts.map((r) => `${r.txHash.slice(0, 10)}… ${r.status}${r.code ? ` ${r.code}` : ''} gas ${r.gasUsed}`)
    ctx.log(`block #${e.header.height}  ${txs.join('; ')}`)
  })

  await untilStopped(ctx, '\nStopping the node…', () => dev.close())
}

export default node
