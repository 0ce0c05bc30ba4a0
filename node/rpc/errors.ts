/**
 * The one registry of JSON-RPC error codes served by the node.
 *
 * Ranges (JSON-RPC 2.0 reserves -32768..-32000; -32099..-32000 is "implementation-defined
 * server errors"):
 * - -32700, -32600..-32603  the standard codes of the JSON-RPC 2.0 specification.
 * - -32000..-32049          transport and server codes owned by `node/rpc/` (this file).
 *                           -32001..-32004 are left unassigned on purpose: EIP-1474 gives them
 *                           chain meanings ("resource not found", ...) and wallets that know
 *                           Ethereum would misread them.
 * - -32050..-32099          chain codes owned by the node (nonce too low, tx rejected, ...).
 *                           The node declares them with `defineRpcErrors`, which refuses codes
 *                           outside that block or already taken, so the two owners cannot collide.
 *
 * Every entry says what happened (`message`, sent to the client) and what to do (`hint`,
 * shown in the generated docs). Tests assert codes, never message text.
 */

/** One documented error: its numeric code, the client-facing message and a hint for the docs. */
export interface RpcErrorDescriptor {
  readonly code: number
  readonly message: string
  readonly hint: string
}

/** The standard and server error codes of the RPC layer, keyed by a stable name. */
export const rpcErrors = Object.freeze({
  PARSE_ERROR: { code: -32700, message: 'Parse error', hint: 'The body is not valid UTF-8 JSON; send one JSON text.' },
  INVALID_REQUEST: { code: -32600, message: 'Invalid request', hint: 'Send {"jsonrpc":"2.0","method":string,"params"?:array|object,"id"?:string|number|null}; an empty batch is invalid; numeric ids must be finite (integers within ±2^53), string ids at most 128 characters.' },
  METHOD_NOT_FOUND: { code: -32601, message: 'Method not found', hint: 'Check the method name against the list of methods; `data.suggestion`, when present, names the method probably meant.' },
  INVALID_PARAMS: { code: -32602, message: 'Invalid params', hint: '`data.issues` lists each problem with its path in the params; fix those fields.' },
  INTERNAL_ERROR: { code: -32603, message: 'Internal error', hint: 'A bug in the server; the details are in the server log. Report it.' },

  SERVER_ERROR: { code: -32000, message: 'Server error', hint: 'A generic server-side failure; retry later.' },
  RATE_LIMITED: { code: -32005, message: 'Rate limited', hint: 'Too many requests from this address; wait `data.retryAfterMs` milliseconds and retry.' },
  REQUEST_TOO_LARGE: { code: -32006, message: 'Request too large', hint: 'The body exceeds `data.maxBytes`; split the batch or send less data.' },
  BATCH_TOO_LARGE: { code: -32007, message: 'Batch too large', hint: 'The batch has more than `data.maxBatchSize` entries; split it.' },
  TIMEOUT: { code: -32008, message: 'Request timed out', hint: 'The method did not finish within `data.timeoutMs` milliseconds; narrow the request (e.g. a smaller block range) or retry.' },
  TRANSPORT_UNSUPPORTED: { code: -32009, message: 'Method needs a WebSocket connection', hint: 'Subscriptions push notifications; call this method over WebSocket.' },
  SUBSCRIPTION_NOT_FOUND: { code: -32010, message: 'Subscription not found', hint: 'The id is unknown on this connection (already unsubscribed, or opened on another connection).' },
  TOO_MANY_SUBSCRIPTIONS: { code: -32011, message: 'Too many subscriptions', hint: 'This connection holds `data.maxSubscriptions` subscriptions; unsubscribe some first.' },
} as const satisfies Record<string, RpcErrorDescriptor>)

/** The codes the node may assign to chain errors (inclusive bounds). */
export const CHAIN_ERROR_RANGE = Object.freeze({ min: -32099, max: -32050 })

/**
 * Declares the node's chain error codes, checked against the reserved block and the server codes.
 * @example
 * const chainErrors = defineRpcErrors({ NONCE_TOO_LOW: { code: -32050, message: 'Nonce too low', hint: 'Fetch the nonce again.' } })
 */
export function defineRpcErrors<const T extends Record<string, RpcErrorDescriptor>>(errors: T): Readonly<T> {
  const taken = new Set<number>(Object.values(rpcErrors).map((e) => e.code))
  for (const [name, entry] of Object.entries(errors)) {
    if (!Number.isInteger(entry.code) || entry.code < CHAIN_ERROR_RANGE.min || entry.code > CHAIN_ERROR_RANGE.max) {
      throw new RangeError(`RPC error ${name}: code ${entry.code} is outside the chain block ${CHAIN_ERROR_RANGE.min}..${CHAIN_ERROR_RANGE.max}`)
    }
    if (taken.has(entry.code)) throw new RangeError(`RPC error ${name}: code ${entry.code} is already assigned`)
    taken.add(entry.code)
  }
  return Object.freeze({ ...errors })
}

const messageByCode = new Map<number, string>(Object.values(rpcErrors).map((e) => [e.code, e.message]))

/**
 * The error a method handler throws to answer with a JSON-RPC error; anything else thrown
 * becomes -32603 and is only logged, so handlers choose exactly what a client may see.
 * @example
 * throw new RpcError(rpcErrors.SUBSCRIPTION_NOT_FOUND.code, undefined, { id })
 */
export class RpcError extends Error {
  readonly code: number
  readonly data: unknown

  constructor(code: number, message?: string, data?: unknown) {
    super(message ?? messageByCode.get(code) ?? 'Server error')
    this.name = 'RpcError'
    this.code = code
    this.data = data
  }
}
