import http from 'node:http'
import https from 'node:https'
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
 * A provider over HTTP POST, on node:http with a keep-alive agent of its own: about twice the
 * requests per second of `fetch` (undici) for small JSON-RPC calls, measured against the node.
 * HTTP cannot push: this provider has no `subscribe`.
 * @example
 * const provider = createHttpProvider('http://127.0.0.1:8545')
 * await provider.request('chain_blockNumber', []) // 12
 */
export function createHttpProvider(url: string, options: HttpProviderOptions = {}): Provider {
  const timeoutMs = options.timeoutMs ?? 30_000
  const target = new URL(url)
  const secure = target.protocol === 'https:'
  const agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 16 })
  const inFlight = new Set<http.ClientRequest>()
  let closed = false
  let nextId = 1

  const post = (body: string, method: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            inFlight.delete(req)
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
          })
          res.on('error', (e) => reject(e))
        },
      )
      inFlight.add(req)
      req.setTimeout(timeoutMs, () => req.destroy(new ProviderError('REQUEST_TIMEOUT', `no answer from ${url} within ${timeoutMs} ms`, { timeoutMs }, method)))
      req.on('error', (error) => {
        inFlight.delete(req)
        if (error instanceof ProviderError) reject(error)
        else if (closed) reject(new ProviderError('PROVIDER_CLOSED', 'the provider was closed during the request', undefined, method, { cause: error }))
        else reject(new ProviderError('NETWORK_ERROR', `cannot reach ${url}: ${error.message}`, undefined, method, { cause: error }))
      })
      req.end(body)
    })

  return {
    async request(method, params) {
      if (closed) throw new ProviderError('PROVIDER_CLOSED', 'the provider is closed', undefined, method)
      const { status, text } = await post(toJson({ jsonrpc: '2.0', id: nextId++, method, params: params ?? [] }), method)
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch (error) {
        throw new ProviderError('BAD_RESPONSE', `HTTP ${status} with a body that is not JSON`, { status }, method, { cause: error })
      }
      // Error statuses (413, 415, 429) still carry a JSON-RPC error body: its code is the answer.
      return parseRpcResponse(json, method)
    },
    async close() {
      closed = true
      // Abort what is in flight, so a script that closes its provider is not held open.
      for (const req of inFlight) req.destroy()
      inFlight.clear()
      agent.destroy()
    },
  }
}
