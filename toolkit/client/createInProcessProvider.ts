import { randomBytes } from 'node:crypto'
import type { Node, NodeEvent } from '../../node/Node.ts'
import { RpcError, rpcErrors } from '../../node/rpc/errors.ts'
import { invalidParamsError } from '../../node/rpc/invalidParamsError.ts'
import { nodeMethods } from '../../node/rpc/startRpc.ts'
import { toJson } from '../../node/rpc/toJson.ts'
import type { RpcConnection, RpcContext, RpcMethod } from '../../node/rpc/types.ts'
import { defaultParams } from '../../node/rpc/dispatchRpc.ts'
import { nodeEventNotifications } from '../../node/rpc/nodeEventNotifications.ts'
import type { Provider, Unsubscribe } from './Provider.ts'
import { ProviderError } from './ProviderError.ts'

interface Subscription {
  readonly topic: string
  readonly filter: unknown
  readonly onEvent: (result: unknown) => void
}

/** What crosses the wire: bigints become decimal strings, undefined fields disappear. */
const wire = (value: unknown): unknown => JSON.parse(toJson(value ?? null))

/**
 * A provider that calls a node in the same process: the node's own RPC method table
 * (`nodeMethods`), params validated by each method's zod schema as the server does, results
 * and errors passed through a JSON round trip so they are exactly what HTTP would return.
 * Subscriptions listen on `node.listeners` and deliver the payloads `startRpc` publishes.
 * No sockets, no serialization cost beyond the round trip: the fastest way to test.
 * @example
 * const node = await createNode(loadNodeConfig())
 * const provider = createInProcessProvider(node)
 */
export function createInProcessProvider(node: Node): Provider {
  const methods = new Map<string, RpcMethod>(Object.entries(nodeMethods(node)))
  const lifetime = new AbortController()
  const subscriptions = new Map<string, Subscription>()
  const connectionId = `in-process-${randomBytes(4).toString('hex')}`

  const listener = (event: NodeEvent): void => {
    if (subscriptions.size === 0) return
    for (const n of nodeEventNotifications(event)) {
      let payload: unknown
      for (const [id, sub] of subscriptions) {
        if (sub.topic !== n.topic || (n.matches && !n.matches(sub.filter))) continue
        payload ??= wire(n.payload)
        const result = payload
        // Deliver after the node's emit returns, as a socket would: a slow or throwing listener
        // must not run inside block production. A throw surfaces as an uncaught exception.
        queueMicrotask(() => {
          if (subscriptions.has(id)) sub.onEvent(result)
        })
      }
    }
  }
  node.listeners.add(listener)

  async function call(method: string, params: unknown, connection: RpcConnection | undefined): Promise<unknown> {
    if (lifetime.signal.aborted) throw new ProviderError('PROVIDER_CLOSED', 'the provider is closed', undefined, method)
    const m = methods.get(method)
    if (!m) throw new ProviderError(rpcErrors.METHOD_NOT_FOUND.code, rpcErrors.METHOD_NOT_FOUND.message, undefined, method)
    const input = params === undefined ? defaultParams(m) : wire(params)
    const parsed = m.params.safeParse(input)
    if (!parsed.success) {
      const e = invalidParamsError(parsed.error)
      throw new ProviderError(e.code, e.message, wire(e.data), method)
    }
    const context: RpcContext = { clientId: connectionId, transport: connection ? 'ws' : 'http', signal: lifetime.signal, connection }
    try {
      return wire(await m.handler(parsed.data, context))
    } catch (error) {
      if (error instanceof RpcError) throw new ProviderError(error.code, error.message, error.data === undefined ? undefined : wire(error.data), method)
      // The server would log this and answer -32603; in process the cause is kept for the developer.
      throw new ProviderError(rpcErrors.INTERNAL_ERROR.code, rpcErrors.INTERNAL_ERROR.message, undefined, method, { cause: error })
    }
  }

  return {
    request: (method, params) => call(method, params, undefined),
    async subscribe(topic, filter, onEvent): Promise<Unsubscribe> {
      // The node's own rpc_subscribe validates the topic and the filter; the connection it is
      // given registers the subscription here.
      const connection: RpcConnection = {
        id: connectionId,
        notify: () => false,
        subscribe: (t, f) => {
          const id = `0x${randomBytes(16).toString('hex')}`
          subscriptions.set(id, { topic: t, filter: f, onEvent })
          return id
        },
        unsubscribe: (id) => subscriptions.delete(id),
      }
      const id = (await call('rpc_subscribe', filter === undefined ? [topic] : [topic, filter], connection)) as string
      return async () => {
        subscriptions.delete(id)
      }
    },
    async close() {
      if (lifetime.signal.aborted) return
      lifetime.abort()
      node.listeners.delete(listener)
      subscriptions.clear()
    },
  }
}

