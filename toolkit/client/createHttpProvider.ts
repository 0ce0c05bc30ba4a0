import { toJson } from '../../node/rpc/toJson.ts'
import { parseRpcResponse } from './parseRpcResponse.ts'
import type { Provider } from './Provider.ts'
import { ProviderError } from './ProviderError.ts'

export interface HttpProviderOptions {
  /** Per-request limit; a request still unanswered after this rejects with REQUEST_TIMEOUT. Default 30 s. */
  readonly timeoutMs?: number
  /** Extra headers (an auth token for a gateway, ...). */
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * A provider over HTTP POST. Uses Node's `fetch`, whose default dispatcher (undici) keeps
 * connections alive and reuses them, so a burst of requests does not open a socket each.
 * HTTP cannot push: this provider has no `subscribe`.
 * @example
 * const provider = createHttpProvider('http://127.0.0.1:8545')
 * await provider.request('chain_blockNumber', []) // 12
 */
export function createHttpProvider(url: string, options: HttpProviderOptions = {}): Provider {
  const timeoutMs = options.timeoutMs ?? 30_000
  // close() aborts what is in flight, so a script that closes its provider is not held open.
  const lifetime = new AbortController()
  let nextId = 1

  return {
    async request(method, params) {
      if (lifetime.signal.aborted) throw new ProviderError('PROVIDER_CLOSED', 'the provider is closed', undefined, method)
      const body = toJson({ jsonrpc: '2.0', id: nextId++, method, params: params ?? [] })
      const timeout = AbortSignal.timeout(timeoutMs)
      let response: Response
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
          body,
          signal: AbortSignal.any([lifetime.signal, timeout]),
        })
      } catch (error) {
        if (lifetime.signal.aborted) throw new ProviderError('PROVIDER_CLOSED', 'the provider was closed during the request', undefined, method, { cause: error })
        if (timeout.aborted) throw new ProviderError('REQUEST_TIMEOUT', `no answer from ${url} within ${timeoutMs} ms`, { timeoutMs }, method, { cause: error })
        throw new ProviderError('NETWORK_ERROR', `cannot reach ${url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`, undefined, method, { cause: error })
      }
      let json: unknown
      try {
        json = await response.json()
      } catch (error) {
        if (timeout.aborted) throw new ProviderError('REQUEST_TIMEOUT', `no full answer from ${url} within ${timeoutMs} ms`, { timeoutMs }, method, { cause: error })
        throw new ProviderError('BAD_RESPONSE', `HTTP ${response.status} with a body that is not JSON`, { status: response.status }, method, { cause: error })
      }
      // Error statuses (413, 415, 429) still carry a JSON-RPC error body: its code is the answer.
      return parseRpcResponse(json, method)
    },
    async close() {
      lifetime.abort()
    },
  }
}
