import { randomBytes } from 'node:crypto'
import { RpcError, rpcErrors } from './errors.ts'
import { toJson } from './toJson.ts'
import type { RpcLogger } from './types.ts'

/** The JSON-RPC method name of every subscription notification. */
export const SUBSCRIPTION_NOTIFICATION = 'subscription'

/** The hub's view of a connection: an id and a way to send it a ready-made frame. */
export interface Subscriber {
  readonly id: string
  /** Sends a serialized JSON-RPC message; false if not sent (closed, or dropped as a slow consumer). */
  send(text: string): boolean
}

interface Entry {
  readonly id: string
  readonly topic: string
  readonly filter: unknown
  readonly subscriber: Subscriber
}

/**
 * Generic topic pub/sub for WebSocket clients. It knows nothing about chains: topics are
 * strings ('newHeads', 'logs', 'pendingTransactions', ...), a subscription keeps the filter
 * the client gave (already validated by the subscribe method), and `publish` decides per
 * subscription with a predicate over that filter. Notifications are
 * `{"jsonrpc":"2.0","method":"subscription","params":{"subscription":id,"result":payload}}`.
 */
export class SubscriptionHub {
  readonly #byTopic = new Map<string, Map<string, Entry>>()
  readonly #bySubscriber = new Map<string, Map<string, Entry>>()
  readonly #maxPerSubscriber: number
  readonly #logger: RpcLogger

  constructor(options: { readonly maxPerSubscriber: number; readonly logger: RpcLogger }) {
    this.#maxPerSubscriber = options.maxPerSubscriber
    this.#logger = options.logger
  }

  /** Subscribes `subscriber` to `topic`; returns an unguessable id (ids are capabilities: they name what to cancel). */
  add(subscriber: Subscriber, topic: string, filter: unknown): string {
    let own = this.#bySubscriber.get(subscriber.id)
    if (own !== undefined && own.size >= this.#maxPerSubscriber) {
      throw new RpcError(rpcErrors.TOO_MANY_SUBSCRIPTIONS.code, undefined, { maxSubscriptions: this.#maxPerSubscriber })
    }
    const entry: Entry = { id: `0x${randomBytes(16).toString('hex')}`, topic, filter, subscriber }
    if (own === undefined) this.#bySubscriber.set(subscriber.id, (own = new Map()))
    own.set(entry.id, entry)
    let topicEntries = this.#byTopic.get(topic)
    if (topicEntries === undefined) this.#byTopic.set(topic, (topicEntries = new Map()))
    topicEntries.set(entry.id, entry)
    return entry.id
  }

  /** Ends one subscription, only if it belongs to `subscriberId`. */
  remove(subscriberId: string, subscriptionId: string): boolean {
    const entry = this.#bySubscriber.get(subscriberId)?.get(subscriptionId)
    if (entry === undefined) return false
    this.#forget(entry)
    return true
  }

  /** Ends every subscription of a connection (called when its socket closes); returns how many. */
  removeAll(subscriberId: string): number {
    const own = this.#bySubscriber.get(subscriberId)
    if (own === undefined) return 0
    const count = own.size
    for (const entry of [...own.values()]) this.#forget(entry)
    return count
  }

  /**
   * Sends `payload` to the subscribers of `topic` whose filter passes `filter` (all of them
   * without one). The payload is serialized once, and only if someone receives it. A
   * predicate that throws skips that subscription and is logged. Returns the deliveries.
   * @example
   * hub.publish('logs', log, (f: LogFilter) => f.address === undefined || f.address === log.address)
   */
  publish<F = unknown>(topic: string, payload: unknown, filter?: (subscriptionFilter: F) => boolean): number {
    const entries = this.#byTopic.get(topic)
    if (entries === undefined) return 0
    let result: string | undefined
    let delivered = 0
    for (const entry of [...entries.values()]) {
      if (filter !== undefined && !this.#matches(filter, entry)) continue
      result ??= toJson(payload)
      const text = `{"jsonrpc":"2.0","method":"${SUBSCRIPTION_NOTIFICATION}","params":{"subscription":"${entry.id}","result":${result}}}`
      if (entry.subscriber.send(text)) delivered++
    }
    return delivered
  }

  /** Number of live subscriptions (for tests and metrics). */
  get size(): number {
    let n = 0
    for (const own of this.#bySubscriber.values()) n += own.size
    return n
  }

  #matches<F>(filter: (subscriptionFilter: F) => boolean, entry: Entry): boolean {
    try {
      return filter(entry.filter as F)
    } catch (error) {
      this.#logger.warn('rpc: publish filter threw; subscription skipped', { topic: entry.topic, subscription: entry.id, error })
      return false
    }
  }

  #forget(entry: Entry): void {
    const own = this.#bySubscriber.get(entry.subscriber.id)
    own?.delete(entry.id)
    if (own?.size === 0) this.#bySubscriber.delete(entry.subscriber.id)
    const topicEntries = this.#byTopic.get(entry.topic)
    topicEntries?.delete(entry.id)
    if (topicEntries?.size === 0) this.#byTopic.delete(entry.topic)
  }
}
