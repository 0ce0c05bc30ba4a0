import type { ProviderError } from './ProviderError.ts'

/** Ends a subscription; resolves once the node has dropped it (or at once if the connection is gone). */
export type Unsubscribe = () => Promise<void>

/**
 * How the client talks to a node: JSON-RPC requests, and pushed events where the transport can
 * push (WebSocket, in-process). Every kind gives the same results: values exactly as on the wire
 * (amounts as decimal strings), and failures as `ProviderError` with the JSON-RPC code.
 */
export interface Provider {
  /** One JSON-RPC call. Rejects with `ProviderError`. */
  request(method: string, params?: unknown): Promise<unknown>
  /**
   * Subscribe to a topic (`newHeads`, `logs` with `{ contract?, event? }`, `pendingTransactions`).
   * `onEvent` receives each notification's `result`; `onError` hears once if the subscription
   * ends because the connection dropped. Absent on HTTP providers.
   */
  subscribe?(topic: string, filter: unknown, onEvent: (result: unknown) => void, onError?: (error: ProviderError) => void): Promise<Unsubscribe>
  /** Release the connection; pending requests reject with PROVIDER_CLOSED. Idempotent. */
  close(): Promise<void>
}
