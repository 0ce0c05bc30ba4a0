import { RpcError, rpcErrors } from './errors.ts'
import { invalidParamsError } from './invalidParamsError.ts'
import type { RateLimitDecision } from './rateLimiter.ts'
import { toJson } from './toJson.ts'
import type { JsonRpcId, RpcConnection, RpcContext, RpcLogger, RpcMethod } from './types.ts'

/** Longest string id echoed back; longer ones are -32600 so an id cannot inflate every response. */
const MAX_ID_LENGTH = 128

/** Everything one message needs from its transport; built per connection (WS) or per request (HTTP). */
export interface DispatchEnv {
  readonly methods: ReadonlyMap<string, RpcMethod>
  readonly clientId: string
  readonly transport: 'http' | 'ws'
  readonly connection: RpcConnection | undefined
  /** Spends one rate-limit token; called once per call in a batch and once per unparsable message. */
  readonly takeToken: () => RateLimitDecision
  readonly maxBatchSize: number
  readonly handlerTimeoutMs: number
  readonly logger: RpcLogger
  /** Aborted when the connection or the server goes away; handlers see it through their context signal. */
  readonly lifetime: AbortSignal
}

/** The serialized reply (undefined when only notifications were sent) and, for a single rate-limited call, the wait. */
export interface DispatchResult {
  readonly text: string | undefined
  /** Set only when the whole reply is one -32005, so HTTP can answer 429 with Retry-After. */
  readonly retryAfterMs?: number
}

type Request = { readonly id: JsonRpcId | undefined; readonly method: string; readonly params: unknown }
type Shape = { readonly ok: true; readonly request: Request } | { readonly ok: false; readonly id: JsonRpcId; readonly reason: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Answers one JSON-RPC message (a single call or a batch) as raw bytes in, text out. It never
 * throws: every failure becomes the JSON-RPC error the specification names, so a transport
 * can hand it anything a client sends.
 * @example
 * await dispatchRpc(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}'), env)
 * // { text: '{"jsonrpc":"2.0","id":1,"result":"pong"}' }
 */
export async function dispatchRpc(payload: Uint8Array | string, env: DispatchEnv): Promise<DispatchResult> {
  let parsed: unknown
  try {
    // Fatal decoding: invalid UTF-8 is a parse error, not silently replaced characters.
    parsed = JSON.parse(typeof payload === 'string' ? payload : utf8.decode(payload))
  } catch {
    return messageError(env, rpcErrors.PARSE_ERROR.code)
  }
  if (!Array.isArray(parsed)) return handleCall(parsed, env)
  if (parsed.length === 0) return messageError(env, rpcErrors.INVALID_REQUEST.code, { reason: 'empty batch' })
  if (parsed.length > env.maxBatchSize) {
    return messageError(env, rpcErrors.BATCH_TOO_LARGE.code, { maxBatchSize: env.maxBatchSize })
  }
  // handleCall spends its token before its first await, so tokens go to entries in batch order.
  const replies = await Promise.all(parsed.map((entry) => handleCall(entry, env)))
  const texts = replies.flatMap((reply) => (reply.text === undefined ? [] : [reply.text]))
  return { text: texts.length === 0 ? undefined : `[${texts.join(',')}]` }
}

/** An error about the message as a whole (id null); still costs a token so garbage floods are limited too. */
function messageError(env: DispatchEnv, code: number, data?: unknown): DispatchResult {
  const decision = env.takeToken()
  if (!decision.allowed) return rateLimited(null, decision.retryAfterMs)
  return { text: errorText(null, code, undefined, data) }
}

async function handleCall(entry: unknown, env: DispatchEnv): Promise<DispatchResult> {
  const shape = checkShape(entry)
  const decision = env.takeToken()
  if (!decision.allowed) {
    // A rate-limited notification is dropped: notifications never get replies.
    if (shape.ok && shape.request.id === undefined) return { text: undefined }
    return rateLimited(shape.ok ? (shape.request.id ?? null) : shape.id, decision.retryAfterMs)
  }
  if (!shape.ok) return { text: errorText(shape.id, rpcErrors.INVALID_REQUEST.code, undefined, { reason: shape.reason }) }

  const { id, method: name, params } = shape.request
  const reply = (text: string): DispatchResult => ({ text: id === undefined ? undefined : text })
  const method = env.methods.get(name)
  if (method === undefined) return reply(errorText(id ?? null, rpcErrors.METHOD_NOT_FOUND.code, undefined, unknownMethodData(name, env.methods)))

  const parsedParams = method.params.safeParse(params ?? defaultParams(method))
  if (!parsedParams.success) {
    const error = invalidParamsError(parsedParams.error)
    return reply(errorText(id ?? null, error.code, error.message, error.data))
  }

  try {
    const result = await runHandler(method, parsedParams.data, env)
    return reply(resultText(id ?? null, result, name, env))
  } catch (error) {
    if (error instanceof RpcError && Number.isInteger(error.code)) {
      return reply(errorText(id ?? null, error.code, error.message, error.data))
    }
    env.logger.error('rpc: handler threw', { method: name, clientId: env.clientId, error })
    return reply(errorText(id ?? null, rpcErrors.INTERNAL_ERROR.code))
  }
}

/**
 * What an unknown method's error carries: its name (at most 64 characters) and, when one is
 * close, the method probably meant: the same name in our namespace (`eth_getBalance` →
 * `chain_getBalance`, for users coming from Ethereum tools) or a typo away (edit distance ≤ 2).
 */
function unknownMethodData(name: string, methods: ReadonlyMap<string, unknown>): { method: string; suggestion?: string } {
  const data: { method: string; suggestion?: string } = { method: name.slice(0, 64) }
  if (name.length > 64) return data
  const known = [...methods.keys()].sort()
  const tail = (m: string) => m.slice(m.indexOf('_') + 1).toLowerCase()
  const wanted = tail(name)
  let suggestion = known.find((m) => tail(m) === wanted)
  if (suggestion === undefined) {
    let best = 3
    for (const m of known) {
      const d = editDistance(name, m, best)
      if (d < best) [best, suggestion] = [d, m]
    }
  }
  if (suggestion !== undefined) data.suggestion = suggestion
  return data
}

/** Levenshtein distance of a and b, or `cap` once it is certain to be at least that. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    if (Math.min(...row) >= cap) return cap
    prev = row
  }
  return Math.min(prev[b.length]!, cap)
}

/** The params a method gets when a request omits them: `{}` for object schemas, `[]` otherwise. */
export function defaultParams(method: RpcMethod): unknown {
  const def = (method.params as { def?: { type?: unknown } }).def
  return def?.type === 'object' ? {} : []
}

/** Runs a handler under a timeout; the context signal tells it when its answer is no longer wanted. */
async function runHandler(method: RpcMethod, params: unknown, env: DispatchEnv): Promise<unknown> {
  // The handler's signal is made only if the handler asks for it (most never do): an
  // AbortController per call is measurable on cheap calls.
  let controller: AbortController | undefined
  let abortedWith: { reason: unknown } | undefined
  const abort = (reason: unknown) => {
    abortedWith ??= { reason }
    controller?.abort(reason)
  }
  const context: RpcContext = {
    clientId: env.clientId,
    transport: env.transport,
    connection: env.connection,
    get signal() {
      if (controller === undefined) {
        controller = new AbortController()
        if (abortedWith) controller.abort(abortedWith.reason)
      }
      return controller.signal
    },
  }
  let timer: NodeJS.Timeout | undefined
  let stop: (() => void) | undefined
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = () => {
      abort(env.lifetime.reason)
      reject(new RpcError(rpcErrors.SERVER_ERROR.code, 'Connection closed'))
    }
    env.lifetime.addEventListener('abort', stop, { once: true })
    timer = setTimeout(() => {
      const error = new RpcError(rpcErrors.TIMEOUT.code, undefined, { timeoutMs: env.handlerTimeoutMs })
      abort(error)
      reject(error)
    }, env.handlerTimeoutMs)
  })
  try {
    if (env.lifetime.aborted) stop?.()
    // The async wrapper turns a synchronous throw into a rejection, so both paths meet below.
    return await Promise.race([(async () => method.handler(params, context))(), stopped])
  } finally {
    clearTimeout(timer)
    if (stop !== undefined) env.lifetime.removeEventListener('abort', stop)
  }
}

function checkShape(entry: unknown): Shape {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { ok: false, id: null, reason: 'a request must be an object' }
  }
  const record = entry as Record<string, unknown>
  const hasId = Object.hasOwn(record, 'id')
  const id = hasId && isValidId(record.id) ? record.id : null
  if (hasId && !isValidId(record.id)) {
    return { ok: false, id: null, reason: 'id must be null, a string of at most 128 characters or a finite number (integers within 2^53)' }
  }
  if (record.jsonrpc !== '2.0') return { ok: false, id, reason: 'jsonrpc must be "2.0"' }
  if (typeof record.method !== 'string') return { ok: false, id, reason: 'method must be a string' }
  const params = record.params
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return { ok: false, id, reason: 'params must be an array or an object' }
  }
  return { ok: true, request: { id: hasId ? id : undefined, method: record.method, params } }
}

/**
 * Ids must come back exactly as sent. A number past 2^53 (or 1e400 = Infinity) has already
 * lost its value in JSON.parse, so echoing it would answer a different id: refuse it instead.
 */
function isValidId(id: unknown): id is JsonRpcId {
  if (id === null) return true
  if (typeof id === 'string') return id.length <= MAX_ID_LENGTH
  if (typeof id === 'number') return Number.isFinite(id) && (!Number.isInteger(id) || Number.isSafeInteger(id))
  return false
}

function rateLimited(id: JsonRpcId, retryAfterMs: number): DispatchResult {
  return { text: errorText(id, rpcErrors.RATE_LIMITED.code, undefined, { retryAfterMs }), retryAfterMs }
}

function resultText(id: JsonRpcId, result: unknown, method: string, env: DispatchEnv): string {
  try {
    return toJson({ jsonrpc: '2.0', id, result: result ?? null })
  } catch (error) {
    // A cyclic or throwing-toJSON result is a handler bug: log it, tell the client nothing more.
    env.logger.error('rpc: result is not serializable', { method, clientId: env.clientId, error })
    return errorText(id, rpcErrors.INTERNAL_ERROR.code)
  }
}

function errorText(id: JsonRpcId, code: number, message?: string, data?: unknown): string {
  const error = new RpcError(code, message)
  try {
    if (data !== undefined) return toJson({ jsonrpc: '2.0', id, error: { code, message: error.message, data } })
  } catch {
    // Unserializable data from a handler's RpcError: send the code and message without it.
  }
  return toJson({ jsonrpc: '2.0', id, error: { code, message: error.message } })
}
