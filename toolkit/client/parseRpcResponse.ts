import { ProviderError } from './ProviderError.ts'

/**
 * The result of one JSON-RPC 2.0 response object, or the `ProviderError` it carries. Anything
 * that is not a response (no `result` and no well-formed `error`) is BAD_RESPONSE.
 */
export function parseRpcResponse(body: unknown, method: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ProviderError('BAD_RESPONSE', 'not a JSON-RPC response object', body, method)
  const r = body as { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } }
  if (r.error !== undefined) {
    const { code, message, data } = r.error ?? {}
    if (typeof code !== 'number') throw new ProviderError('BAD_RESPONSE', 'error without a numeric code', body, method)
    throw new ProviderError(code, typeof message === 'string' ? message : 'error', data, method)
  }
  if (!Object.hasOwn(r, 'result')) throw new ProviderError('BAD_RESPONSE', 'neither result nor error', body, method)
  return r.result
}
