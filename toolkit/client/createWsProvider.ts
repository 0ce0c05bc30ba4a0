import { WebSocket } from 'ws'
import { toJson } from '../../node/rpc/toJson.ts'
import { parseRpcResponse } from './parseRpcResponse.ts'
import type { Provider, Unsubscribe } from './Provider.ts'
import { ProviderError, type TransportErrorCode } from './ProviderError.ts'

export interface WsProviderOptions {
  /** Per-request limit; a request still unanswered after this rejects with REQUEST_TIMEOUT. Default 30 s. */
  readonly timeoutMs?: number
}

interface Pending {
  readonly method: string
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
  readonly timer: NodeJS.Timeout
}

interface Subscription {
  readonly onEvent: (result: unknown) => void
  readonly onError: ((error: ProviderError) => void) | undefined
}

/** Most notifications kept for a subscription whose id is not known yet (see `early`). */
const EARLY_LIMIT = 1000

/**
 * A provider over one WebSocket: requests matched to answers by id, subscriptions routed by
 * their id. It does not reconnect: when the socket drops, every pending request rejects with
 * CONNECTION_CLOSED and every subscription's `onError` is called once; create a new provider
 * (and backfill with chain_getLogs by block range) to go on.
 * @example
 * const provider = createWsProvider('ws://127.0.0.1:8545')
 * const stop = await provider.subscribe!('logs', { contract: token }, (log) => console.log(log))
 */
export function createWsProvider(url: string, options: WsProviderOptions = {}): Provider {
  const timeoutMs = options.timeoutMs ?? 30_000
  const socket = new WebSocket(url, { perMessageDeflate: false })
  const pending = new Map<number, Pending>()
  const subscriptions = new Map<string, Subscription>()
  // A subscription's first notification can be read before the answer that tells us its id
  // only if the server publishes between answering and sending; keep those while a subscribe
  // is in flight rather than drop them.
  const early = new Map<string, unknown[]>()
  let subscribing = 0
  let nextId = 1
  let wasOpen = false
  let closing = false
  let lastError: Error | undefined
  /** Why the socket is gone; set once, when it closes. */
  let ended: { code: TransportErrorCode; message: string } | undefined
  let closed: Promise<void> | undefined

  const failure = (method: string | undefined): ProviderError =>
    new ProviderError(ended!.code, ended!.message, undefined, method, lastError ? { cause: lastError } : undefined)

  let markOpen!: () => void
  let markFailed!: (error: ProviderError) => void
  const opened = new Promise<void>((resolve, reject) => {
    markOpen = resolve
    markFailed = reject
  })
  opened.catch(() => {})

  socket.on('open', () => {
    wasOpen = true
    markOpen()
  })
  // 'close' always follows 'error'; the error is kept as the cause.
  socket.on('error', (error) => {
    lastError = error
  })
  socket.on('close', (code) => {
    ended = closing
      ? { code: 'PROVIDER_CLOSED', message: 'the provider is closed' }
      : wasOpen
        ? { code: 'CONNECTION_CLOSED', message: `the WebSocket to ${url} closed (code ${code})` }
        : { code: 'NETWORK_ERROR', message: `cannot connect to ${url}${lastError ? `: ${lastError.message}` : ''}` }
    markFailed(failure(undefined))
    for (const p of pending.values()) {
      clearTimeout(p.timer)
      p.reject(failure(p.method))
    }
    pending.clear()
    const subs = [...subscriptions.values()]
    subscriptions.clear()
    early.clear()
    if (!closing) for (const s of subs) s.onError?.(failure('rpc_subscribe'))
  })
  socket.on('message', (data) => {
    let message: unknown
    try {
      message = JSON.parse(data.toString())
    } catch {
      return // not JSON: nothing to route it to
    }
    for (const m of Array.isArray(message) ? message : [message]) route(m)
  })

  function route(m: unknown): void {
    if (typeof m !== 'object' || m === null) return
    const msg = m as { id?: unknown; method?: unknown; params?: { subscription?: unknown; result?: unknown } }
    if (msg.method === 'subscription' && typeof msg.params?.subscription === 'string') {
      const id = msg.params.subscription
      const sub = subscriptions.get(id)
      // A listener that throws surfaces as an uncaught exception, as with any event emitter.
      if (sub) sub.onEvent(msg.params.result)
      else if (subscribing > 0) {
        const list = early.get(id) ?? []
        if (list.length < EARLY_LIMIT) list.push(msg.params.result)
        early.set(id, list)
      }
      return
    }
    if (typeof msg.id !== 'number') return
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    clearTimeout(p.timer)
    try {
      p.resolve(parseRpcResponse(msg, p.method))
    } catch (error) {
      p.reject(error)
    }
  }

  async function request(method: string, params?: unknown): Promise<unknown> {
    if (ended) throw failure(method)
    try {
      await opened
    } catch {
      throw failure(method)
    }
    if (ended) throw failure(method)
    const id = nextId++
    const text = toJson({ jsonrpc: '2.0', id, method, params: params ?? [] })
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new ProviderError('REQUEST_TIMEOUT', `no answer to ${method} within ${timeoutMs} ms`, { timeoutMs }, method))
      }, timeoutMs)
      pending.set(id, { method, resolve, reject, timer })
      socket.send(text, (error) => {
        if (!error || !pending.has(id)) return
        pending.delete(id)
        clearTimeout(timer)
        reject(new ProviderError('CONNECTION_CLOSED', `could not send ${method}: ${error.message}`, undefined, method, { cause: error }))
      })
    })
  }

  return {
    request,
    async subscribe(topic, filter, onEvent, onError): Promise<Unsubscribe> {
      subscribing++
      let id: string
      try {
        id = (await request('rpc_subscribe', filter === undefined ? [topic] : [topic, filter])) as string
      } finally {
        subscribing--
      }
      subscriptions.set(id, { onEvent, onError })
      const buffered = early.get(id) ?? []
      early.delete(id)
      if (subscribing === 0) early.clear()
      for (const result of buffered) onEvent(result)
      return async () => {
        if (!subscriptions.delete(id) || ended) return
        try {
          await request('rpc_unsubscribe', [id])
        } catch (error) {
          // The socket went away meanwhile: the server dropped the subscription with it.
          if (!(error instanceof ProviderError && typeof error.code === 'string')) throw error
        }
      }
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true
        if (socket.readyState === WebSocket.CLOSED) return resolve()
        socket.once('close', () => resolve())
        if (socket.readyState === WebSocket.CONNECTING) {
          socket.terminate()
          return
        }
        socket.close(1000)
        // A peer that never answers the close frame must not hold close() open.
        setTimeout(() => socket.terminate(), 1000).unref()
      })
      return closed
    },
  }
}
