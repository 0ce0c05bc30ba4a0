import { z } from 'zod'
import { RpcError, rpcErrors } from './errors.ts'
import { invalidParamsError } from './invalidParamsError.ts'
import { defineRpcMethod } from './defineRpcMethod.ts'
import type { RpcConnection, RpcContext, RpcMethods } from './types.ts'

/** A topic clients may subscribe to, e.g. 'newHeads', 'logs', 'pendingTransactions'. */
export interface SubscriptionTopic {
  /** What each notification's `result` carries, for the docs. */
  readonly description: string
  /** Schema of the optional filter param (e.g. a log filter); omit for topics that take none. */
  readonly filter?: z.ZodType
}

/** The names under which the two methods are returned. */
export interface SubscriptionMethodNames {
  readonly subscribe: string
  readonly unsubscribe: string
}

/**
 * Builds `rpc_subscribe([topic, filter?]) → id` and `rpc_unsubscribe([id]) → true` for a
 * topic table, to merge into the node's method table. The filter is validated here, once,
 * so the predicate passed to `server.publish` can trust its shape.
 * @example
 * const methods = { ...chainMethods, ...createSubscriptionMethods({
 *   newHeads: { description: 'Each new block header.' },
 *   logs: { description: 'Each matching event.', filter: z.object({ address: z.string().optional() }) },
 * }) }
 * server.publish('logs', log, (f: { address?: string }) => f.address === undefined || f.address === log.address)
 */
export function createSubscriptionMethods(
  topics: Readonly<Record<string, SubscriptionTopic>>,
  names: SubscriptionMethodNames = { subscribe: 'rpc_subscribe', unsubscribe: 'rpc_unsubscribe' },
): RpcMethods {
  const topicNames = Object.keys(topics)
  const [first, ...rest] = topicNames
  if (first === undefined) throw new TypeError('createSubscriptionMethods: give at least one topic')
  const topicList = topicNames.map((name) => `\`${name}\` (${topics[name]?.filter === undefined ? 'no filter' : 'takes a filter'}): ${topics[name]?.description}`)

  const subscribe = defineRpcMethod({
    params: z.tuple([z.enum([first, ...rest]), z.unknown().optional()]),
    description: `Subscribes this WebSocket connection to a topic and returns the subscription id; each event then arrives as a \`subscription\` notification \`{ subscription: id, result }\`. Topics: ${topicList.join('; ')}.`,
    example: { params: [first], result: '0x8f3c…' },
    handler: ([topic, filter], context) => {
      const connection = needsWebSocket(context)
      const schema = topics[topic]?.filter
      if (schema === undefined) {
        if (filter !== undefined && filter !== null) {
          throw new RpcError(rpcErrors.INVALID_PARAMS.code, undefined, { issues: [{ path: [1], code: 'unrecognized_filter', message: `topic ${topic} takes no filter` }] })
        }
        return connection.subscribe(topic, undefined)
      }
      const parsed = schema.safeParse(filter)
      if (!parsed.success) throw invalidParamsError(parsed.error, [1])
      return connection.subscribe(topic, parsed.data)
    },
  })

  const unsubscribe = defineRpcMethod({
    params: z.tuple([z.string().max(256)]),
    description: 'Ends a subscription of this WebSocket connection; returns true, or -32010 if the id is not one of its subscriptions.',
    example: { params: ['0x8f3c…'], result: true },
    handler: ([id], context) => {
      if (!needsWebSocket(context).unsubscribe(id)) throw new RpcError(rpcErrors.SUBSCRIPTION_NOT_FOUND.code, undefined, { subscription: id })
      return true
    },
  })

  return { [names.subscribe]: subscribe, [names.unsubscribe]: unsubscribe }
}

function needsWebSocket(context: RpcContext): RpcConnection {
  if (context.connection === undefined) throw new RpcError(rpcErrors.TRANSPORT_UNSUPPORTED.code)
  return context.connection
}
