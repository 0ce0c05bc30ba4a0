import { CLIENT_ERRORS } from './ClientError.ts'

/** Transport failures: no JSON-RPC answer was received. */
export type TransportErrorCode = 'NETWORK_ERROR' | 'CONNECTION_CLOSED' | 'REQUEST_TIMEOUT' | 'BAD_RESPONSE' | 'PROVIDER_CLOSED' | 'SUBSCRIPTIONS_UNSUPPORTED'

/**
 * A request that did not succeed: either the node answered with a JSON-RPC error (`code` is the
 * JSON-RPC code, e.g. -32602 or -32050 = TX_REJECTED, `data` what the node attached, e.g.
 * `{ code: 'MEMPOOL_NONCE_TOO_LOW' }`), or no answer came (`code` is a {@link TransportErrorCode}).
 * The same for every provider kind: in-process errors are shaped exactly as over HTTP.
 * @example
 * catch (e) { if (e instanceof ProviderError && e.code === -32050 && e.dataCode === 'TX_BAD_SIGNATURE') ... }
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  constructor(
    readonly code: number | TransportErrorCode,
    message: string,
    /** The JSON-RPC error's `data`, after a JSON round trip. */
    readonly data: unknown = undefined,
    /** The RPC method of the failed request. */
    readonly method: string | undefined = undefined,
    options?: { cause?: unknown },
  ) {
    const dataCode = (data as { code?: unknown } | null | undefined)?.code
    const detail = typeof dataCode === 'string' ? ` ${dataCode}` : ''
    super(typeof code === 'number' ? `${method ?? 'request'} failed: ${code}${detail} ${message}` : `${code}: ${message} (${CLIENT_ERRORS[code]})`, options)
  }

  /** `data.code` when the node sent one (the chain's reason for -32050, -32053). */
  get dataCode(): string | undefined {
    const d = this.data as { code?: unknown } | null | undefined
    return typeof d === 'object' && d !== null && typeof d.code === 'string' ? d.code : undefined
  }
}
