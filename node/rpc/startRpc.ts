import { z } from 'zod'
import type { Node } from '../Node.ts'
import { nodeEventNotifications } from './nodeEventNotifications.ts'
import { chainMethods } from './chainMethods.ts'
import { createRpcServer, type RpcServer } from './createRpcServer.ts'
import { createSubscriptionMethods } from './createSubscriptionMethods.ts'
import type { RpcLogger, RpcMethods } from './types.ts'

const logFilter = z.object({ contract: z.string().optional(), event: z.string().optional() }).strict()

/** The full method table of a node: chain and dev methods plus subscriptions. */
export function nodeMethods(node: Node): RpcMethods {
  return {
    ...chainMethods(node),
    ...createSubscriptionMethods({
      newHeads: { description: 'each new head block (transactions as hashes)' },
      logs: { description: 'each event of a new block, optionally filtered by contract and event name', filter: logFilter },
      pendingTransactions: { description: 'the hash of each transaction accepted into the pool' },
    }),
  }
}

/**
 * Serve the node over JSON-RPC (HTTP and WebSocket on one port) and publish its events to
 * subscribers. Returns the server; close it before the node.
 */
export async function startRpc(node: Node, options: { logger?: RpcLogger; port?: number; host?: string } = {}): Promise<RpcServer> {
  const server = await createRpcServer({
    methods: nodeMethods(node),
    host: options.host ?? node.config.rpc.host,
    port: options.port ?? node.config.rpc.port,
    maxBodyBytes: node.config.rpc.maxBodyBytes,
    rateLimit: node.config.rpc.rateLimit > 0 ? { capacity: node.config.rpc.rateLimit * 2, refillPerSecond: node.config.rpc.rateLimit } : false,
    ...(options.logger ? { logger: options.logger } : {}),
  })
  node.listeners.add((e) => {
    // Payloads are built only for a server with subscribers (most have none: HTTP clients).
    if (server.stats().subscriptions === 0) return
    for (const n of nodeEventNotifications(e)) server.publish(n.topic, n.payload, n.matches)
  })
  return server
}
