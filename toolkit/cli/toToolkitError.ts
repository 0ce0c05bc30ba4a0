import type { ResolvedNetwork } from '../config/resolveConfig.ts'
import { CLIENT_ERRORS, ClientError } from '../client/ClientError.ts'
import { ContractError } from '../client/ContractError.ts'
import { ProviderError } from '../client/ProviderError.ts'
import { ToolkitError, type ToolkitErrorCode } from './errors.ts'

/** JSON-RPC code of a transaction the node refused (node/rpc/chainMethods.ts). */
const TX_REJECTED = -32050

const CLIENT_CODES: Partial<Record<string, ToolkitErrorCode>> = {
  INVALID_ARGUMENT: 'TK_INVALID_ARGUMENT',
  UNKNOWN_METHOD: 'TK_UNKNOWN_METHOD',
  INVALID_KEY: 'TK_ACCOUNT_UNAVAILABLE',
  WAIT_TIMEOUT: 'TK_RPC_ERROR',
}

/**
 * The CLI form of any error: ToolkitErrors pass through; the client library's errors get the
 * matching TK code (an unreachable node, a refused transaction, a failed contract call, a bad
 * argument); anything else is TK_INTERNAL (a bug), its stack shown with --verbose.
 */
export function toToolkitError(error: unknown, context: { network?: ResolvedNetwork } = {}): ToolkitError {
  if (error instanceof ToolkitError) return error
  if (error instanceof ContractError) return new ToolkitError('TK_CALL_FAILED', error.message, { cause: error })
  if (error instanceof ProviderError) {
    if (error.code === 'NETWORK_ERROR' || error.code === 'REQUEST_TIMEOUT' || error.code === 'CONNECTION_CLOSED') {
      const n = context.network
      const where = n ? `network "${n.name}"${n.type === 'url' ? ` at ${n.url}` : ''} ` : 'the node '
      const why = error.cause instanceof Error ? error.cause.message : error.code
      return new ToolkitError('TK_NETWORK_UNREACHABLE', `${where}did not answer (${why})`, { cause: error })
    }
    if (error.code === TX_REJECTED) return new ToolkitError('TK_TX_REJECTED', error.message, { cause: error })
    return new ToolkitError('TK_RPC_ERROR', error.message, { cause: error })
  }
  if (error instanceof ClientError) {
    // The client's message is `CODE: detail (its own hint)`; ours prints the code and a CLI hint.
    const detail = error.message.replace(`${error.code}: `, '').replace(` (${CLIENT_ERRORS[error.code]})`, '')
    return new ToolkitError(CLIENT_CODES[error.code] ?? 'TK_CALL_FAILED', `${detail} [${error.code}]`, { cause: error })
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return new ToolkitError('TK_INTERNAL', `unexpected error: ${message}`, { cause: error })
}
