import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { dispatchRpc, type DispatchEnv } from './dispatchRpc.ts'
import { RpcError, rpcErrors } from './errors.ts'
import { RateLimiter, type RateLimitDecision, type RateLimitOptions } from './rateLimiter.ts'
import { SubscriptionHub, type Subscriber } from './subscriptionHub.ts'
import { toJson } from './toJson.ts'
import type { RpcConnection, RpcLogger, RpcMethod, RpcMethods } from './types.ts'

/** How to run the server; every field but `methods` has a default (see `resolveOptions`). */
export interface RpcServerOptions {
  /** The method table; copied at creation, so later edits to the object have no effect. */
  readonly methods: RpcMethods
  /** Default 127.0.0.1: a node exposes its RPC to the network only when told to. */
  readonly host?: string
  /** Default 0: an ephemeral port, read back from `server.port`. */
  readonly port?: number
  readonly logger?: RpcLogger
  /** Millisecond clock for the rate limiter; injected so tests refill buckets without sleeping. Default `performance.now`. */
  readonly now?: () => number
  /** Largest HTTP body and WebSocket message. Default 1 MiB. */
  readonly maxBodyBytes?: number
  /** Most entries in one batch. Default 100. */
  readonly maxBatchSize?: number
  /** Per remote address, one token per call, shared by HTTP and WebSocket; `false` turns it off. Default 1000 burst, 500/s. */
  readonly rateLimit?: RateLimitOptions | false
  /** Most open WebSocket connections; more are refused with HTTP 503. Default 100. */
  readonly maxConnections?: number
  /** Most subscriptions per WebSocket connection. Default 100. */
  readonly maxSubscriptionsPerConnection?: number
  /** Bytes a WebSocket may have queued but unsent before it is dropped as a slow consumer. Default 4 MiB. */
  readonly maxBufferedBytes?: number
  /** A handler still running after this many ms is answered with -32008. Default 30 s. */
  readonly handlerTimeoutMs?: number
  /** Interval of WebSocket pings; a peer that misses one is terminated. 0 turns it off. Default 30 s. */
  readonly pingIntervalMs?: number
}

/** A running server. It owns its sockets: `close()` ends all of them. */
export interface RpcServer {
  /** `http://host:port`: POST JSON-RPC to it, GET `${url}/health`. */
  readonly url: string
  /** `ws://host:port`: the same methods, plus notifications. */
  readonly wsUrl: string
  readonly port: number
  /** Sends `payload` to the subscribers of `topic` whose subscription filter passes `filter`; returns the deliveries. */
  publish<F = unknown>(topic: string, payload: unknown, filter?: (subscriptionFilter: F) => boolean): number
  /** Live counts, for tests and metrics. */
  stats(): { readonly connections: number; readonly subscriptions: number }
  /** Terminates every socket, aborts running handlers, and resolves when the port is released. Idempotent. */
  close(): Promise<void>
}

const MiB = 1024 * 1024
/** A client has this long to send a whole HTTP request, so slow senders cannot hold sockets open. */
const REQUEST_TIMEOUT_MS = 30_000

const consoleLogger: RpcLogger = {
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
}

/**
 * Starts a JSON-RPC 2.0 server over HTTP (POST /) and WebSocket (same port) for a method
 * table. It is chain-agnostic: the node passes its methods and publishes chain events.
 * @example
 * const server = await createRpcServer({ methods: { ping: defineRpcMethod({ params: z.tuple([]), handler: () => 'pong', description: 'Liveness.' }) } })
 * await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' })
 * await server.close()
 */
export async function createRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const config = resolveOptions(options)
  const { logger } = config
  const methods = toMethodMap(options.methods)
  const limiter = config.rateLimit === false ? undefined : new RateLimiter({ ...config.rateLimit, now: config.now })
  const takeToken = (clientId: string): RateLimitDecision => limiter?.take(clientId) ?? { allowed: true }
  const hub = new SubscriptionHub({ maxPerSubscriber: config.maxSubscriptionsPerConnection, logger })
  /** Every request and connection in progress, so close() can abort their handlers. */
  const lifetimes = new Set<AbortController>()
  const sockets = new Map<WebSocket, { alive: boolean }>()
  let closing: Promise<void> | undefined

  const newLifetime = (): AbortController => {
    const controller = new AbortController()
    // One listener per running call; a batch of 100 must not trigger the leak warning.
    setMaxListeners(0, controller.signal)
    lifetimes.add(controller)
    return controller
  }
  const socketLifetimes = new WeakMap<Socket, AbortController>()
  const socketLifetime = (socket: Socket): AbortController => {
    let lifetime = socketLifetimes.get(socket)
    if (lifetime === undefined) {
      const created = newLifetime()
      socketLifetimes.set(socket, created)
      socket.once('close', () => endLifetime(created))
      lifetime = created
    }
    return lifetime
  }
  const endLifetime = (controller: AbortController): void => {
    controller.abort()
    lifetimes.delete(controller)
  }

  const envFor = (clientId: string, transport: 'http' | 'ws', connection: RpcConnection | undefined, lifetime: AbortSignal): DispatchEnv => ({
    methods,
    clientId,
    transport,
    connection,
    takeToken: () => takeToken(clientId),
    maxBatchSize: config.maxBatchSize,
    handlerTimeoutMs: config.handlerTimeoutMs,
    logger,
    lifetime,
  })

  // ---- HTTP ----

  const onHttpRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?', 1)[0]
    if (path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' }, { allow: 'GET, HEAD' })
      return sendJson(res, 200, { status: 'ok' })
    }
    if (path !== '/') return sendJson(res, 404, { error: 'not found; JSON-RPC is served at /' })
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST for JSON-RPC' }, { allow: 'POST' })
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendJson(res, 415, rpcErrorBody(rpcErrors.INVALID_REQUEST.code, { reason: 'content-type must be application/json' }))
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    // Refuse on the declared length before reading a byte; chunked bodies are counted as they come.
    if (declared > config.maxBodyBytes) return refuseTooLarge(req, res, config.maxBodyBytes)
    const body = await readBody(req, config.maxBodyBytes)
    if (body === 'too-large') return refuseTooLarge(req, res, config.maxBodyBytes)
    if (body === 'aborted') return

    const clientId = req.socket.remoteAddress ?? 'unknown'
    // The client hung up before its answer (HTTP/1.1: it closed the connection): stop its
    // handlers. One lifetime per connection, not per request: keep-alive clients send many.
    const reply = await dispatchRpc(body, envFor(clientId, 'http', undefined, socketLifetime(req.socket).signal))
    if (res.destroyed) return
    if (reply.text === undefined) {
      res.writeHead(204).end()
    } else if (reply.retryAfterMs !== undefined) {
      // A single rate-limited call: 429 + Retry-After lets generic HTTP clients back off too.
      sendText(res, 429, reply.text, { 'retry-after': String(Math.ceil(reply.retryAfterMs / 1000)) })
    } else {
      sendText(res, 200, reply.text)
    }
  }

  const http = createServer((req, res) => {
    onHttpRequest(req, res).catch((error: unknown) => {
      logger.error('rpc: HTTP request failed', { error })
      if (!res.headersSent) sendJson(res, 500, rpcErrorBody(rpcErrors.INTERNAL_ERROR.code))
      else res.destroy()
    })
  })
  http.requestTimeout = REQUEST_TIMEOUT_MS
  // `Expect: 100-continue`: refuse an oversized upload before the client sends it.
  http.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > config.maxBodyBytes) return refuseTooLarge(req, res, config.maxBodyBytes)
    res.writeContinue()
    http.emit('request', req, res)
  })

  // ---- WebSocket ----

  const wss = new WebSocketServer({
    noServer: true,
    // ws closes the socket with 1009 as soon as a frame header announces more than this, before buffering it.
    maxPayload: config.maxBodyBytes,
    // No compression: inflating is a CPU and memory amplifier for hostile clients.
    perMessageDeflate: false,
    clientTracking: false,
  })

  /**
   * Slow consumers: a socket whose unsent queue exceeds maxBufferedBytes is terminated, not
   * paused and not silently thinned. Dropping notifications would leave a client with a
   * chain view that has holes and no way to know; a closed socket is visible, and the client
   * reconnects, resubscribes and backfills by range. Terminate rather than close: a close
   * frame would wait behind the very backlog that is the problem.
   */
  const sendTo = (ws: WebSocket, text: string): boolean => {
    if (ws.readyState !== WebSocket.OPEN) return false
    if (ws.bufferedAmount > config.maxBufferedBytes) {
      logger.warn('rpc: WebSocket send queue full; dropping slow consumer', { bufferedAmount: ws.bufferedAmount })
      ws.terminate()
      return false
    }
    ws.send(text)
    return true
  }

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const clientId = req.socket.remoteAddress ?? 'unknown'
    const lifetime = newLifetime()
    const state = { alive: true }
    sockets.set(ws, state)
    const subscriber: Subscriber = { id: randomUUID(), send: (text) => sendTo(ws, text) }
    const connection: RpcConnection = {
      id: subscriber.id,
      notify: (method, params) => sendTo(ws, toJson({ jsonrpc: '2.0', method, params })),
      subscribe: (topic, filter) => hub.add(subscriber, topic, filter),
      unsubscribe: (subscriptionId) => hub.remove(subscriber.id, subscriptionId),
    }
    const env = envFor(clientId, 'ws', connection, lifetime.signal)

    // Text and binary frames are both read as UTF-8 JSON: some clients only send binary.
    ws.on('message', (data) => {
      const payload = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : new Uint8Array(data)
      dispatchRpc(payload, env).then(
        (reply) => {
          if (reply.text !== undefined) sendTo(ws, reply.text)
        },
        (error: unknown) => logger.error('rpc: WebSocket message failed', { clientId, error }),
      )
    })
    ws.on('pong', () => {
      state.alive = true
    })
    // Protocol errors (oversized frame, bad UTF-8 in a text frame) are the client's; ws closes the socket itself.
    ws.on('error', (error) => logger.warn('rpc: WebSocket protocol error', { clientId, error }))
    ws.on('close', () => {
      sockets.delete(ws)
      hub.removeAll(subscriber.id)
      endLifetime(lifetime)
    })
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const path = (req.url ?? '/').split('?', 1)[0]
    if (closing !== undefined) return refuseUpgrade(socket, 503, 'Service Unavailable')
    if (path !== '/') return refuseUpgrade(socket, 404, 'Not Found')
    if (sockets.size >= config.maxConnections) return refuseUpgrade(socket, 503, 'Service Unavailable')
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req))
  })

  const ping =
    config.pingIntervalMs > 0
      ? setInterval(() => {
          for (const [ws, state] of sockets) {
            if (!state.alive) {
              ws.terminate()
              continue
            }
            state.alive = false
            ws.ping()
          }
        }, config.pingIntervalMs)
      : undefined
  // The heartbeat alone must not keep a process alive.
  ping?.unref()

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.port, config.host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  const address = http.address() as AddressInfo
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address

  return {
    url: `http://${hostForUrl}:${address.port}`,
    wsUrl: `ws://${hostForUrl}:${address.port}`,
    port: address.port,
    publish: (topic, payload, filter) => hub.publish(topic, payload, filter),
    stats: () => ({ connections: sockets.size, subscriptions: hub.size }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(ping)
        for (const controller of lifetimes) controller.abort()
        lifetimes.clear()
        for (const ws of sockets.keys()) ws.terminate()
        wss.close()
        http.close(() => resolve())
        // Keep-alive and half-read HTTP sockets would otherwise hold close() open.
        http.closeAllConnections()
      })
      return closing
    },
  }
}

interface ResolvedOptions {
  readonly host: string
  readonly port: number
  readonly logger: RpcLogger
  readonly now: () => number
  readonly maxBodyBytes: number
  readonly maxBatchSize: number
  readonly rateLimit: RateLimitOptions | false
  readonly maxConnections: number
  readonly maxSubscriptionsPerConnection: number
  readonly maxBufferedBytes: number
  readonly handlerTimeoutMs: number
  readonly pingIntervalMs: number
}

function resolveOptions(options: RpcServerOptions): ResolvedOptions {
  return Object.freeze({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    logger: options.logger ?? consoleLogger,
    now: options.now ?? (() => performance.now()),
    maxBodyBytes: options.maxBodyBytes ?? MiB,
    maxBatchSize: options.maxBatchSize ?? 100,
    rateLimit: options.rateLimit ?? { capacity: 1000, refillPerSecond: 500 },
    maxConnections: options.maxConnections ?? 100,
    maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection ?? 100,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * MiB,
    handlerTimeoutMs: options.handlerTimeoutMs ?? 30_000,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
  })
}

/** A Map, not the object: `constructor` or `__proto__` must be unknown methods, not Object.prototype members. */
function toMethodMap(methods: RpcMethods): ReadonlyMap<string, RpcMethod> {
  const map = new Map<string, RpcMethod>()
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method?.handler !== 'function' || typeof method.params?.safeParse !== 'function') {
      throw new TypeError(`RPC method ${name}: needs a zod \`params\` schema and a \`handler\` function`)
    }
    map.set(name, method)
  }
  return map
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json'
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (value: Buffer | 'too-large' | 'aborted'): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
      resolve(value)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > maxBytes) {
        req.pause()
        finish('too-large')
      } else {
        chunks.push(chunk)
      }
    }
    const onEnd = (): void => finish(Buffer.concat(chunks, size))
    const onError = (): void => finish('aborted')
    // A client that vanishes mid-body may only emit 'close'; without this the read never settles.
    const onClose = (): void => finish(req.complete ? Buffer.concat(chunks, size) : 'aborted')
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/**
 * 413 with -32006, then the connection is ended: the rest of the body is never read, and the
 * socket cannot carry another request after an unread body anyway.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  req.pause()
  sendJson(res, 413, rpcErrorBody(rpcErrors.REQUEST_TOO_LARGE.code, { maxBytes }), { connection: 'close' })
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.once('finish', () => socket.destroy())
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function rpcErrorBody(code: number, data?: unknown): unknown {
  const { message } = new RpcError(code)
  return { jsonrpc: '2.0', id: null, error: data === undefined ? { code, message } : { code, message, data } }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, toJson(body), headers)
}

/**
 * A JSON answer with its Content-Length, as other JSON-RPC servers send it (without one, Node
 * frames a keep-alive answer as chunks, which simple HTTP clients handle less well).
 */
function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text)
}
