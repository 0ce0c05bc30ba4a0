/**
 * The contract between the RPC server and the methods the node registers. Type-only: the
 * server knows nothing about chains; the node fills the method table.
 */
import type { z } from 'zod'

/** A JSON-RPC request id as the client sent it; echoed back unchanged. */
export type JsonRpcId = string | number | null

/** Where a log line goes; the node passes its own logger, so the server never picks a sink. */
export interface RpcLogger {
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

/**
 * One WebSocket connection as seen by a handler: the way to push to this client.
 * Subscriptions made here end when the socket closes.
 */
export interface RpcConnection {
  /** Stable for the life of the socket; useful as a log key. */
  readonly id: string
  /** Sends a JSON-RPC notification to this client; false if it was not sent (socket closed or too slow). */
  notify(method: string, params: unknown): boolean
  /** Registers interest in a topic; returns the subscription id. Throws RpcError -32011 over the per-connection cap. */
  subscribe(topic: string, filter?: unknown): string
  /** Ends one of this connection's subscriptions; false if the id is not one of them. */
  unsubscribe(subscriptionId: string): boolean
}

/** What a handler receives besides its params. */
export interface RpcContext {
  /** The remote address: the rate-limit key and the log key. */
  readonly clientId: string
  readonly transport: 'http' | 'ws'
  /** Aborted when the handler times out, the client goes away or the server closes; long handlers should check it. */
  readonly signal: AbortSignal
  /** Present over WebSocket only: HTTP cannot push. */
  readonly connection: RpcConnection | undefined
}

/**
 * A registered method. `params` validates the request's params (a `z.tuple` for positional
 * params, a `z.object` for named ones); the handler gets the parsed output. Results may
 * contain bigint: they go out as decimal strings.
 */
export interface RpcMethod<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly params: S
  readonly handler: (params: z.output<S>, context: RpcContext) => R | Promise<R>
  /** One or two sentences for the generated docs. */
  readonly description: string
  /** A request/response pair for the docs; its params are checked against the schema when docs are rendered. */
  readonly example?: { readonly params: z.input<S>; readonly result: unknown }
}

/** The method table, keyed by method name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of methods with different param types
export type RpcMethods = Readonly<Record<string, RpcMethod<any, any>>>
