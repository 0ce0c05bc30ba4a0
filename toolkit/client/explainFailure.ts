import type { Artifact } from '../compiler/compileContract.ts'
import { ContractError } from './ContractError.ts'
import type { TxReceipt } from './decodeReceipt.ts'
import { mapFailureSource } from './mapFailureSource.ts'
import type { RpcDebug } from './rpcSchema.ts'

/** A failed outcome as the node reports it (receipt, chain_call or chain_estimateGas). */
export interface Failure {
  readonly code?: string | undefined
  readonly reason?: string | undefined
  readonly debug?: RpcDebug | undefined
  readonly gasUsed?: number | undefined
}

export interface FailureContext {
  readonly contract?: string | undefined
  readonly method?: string | undefined
  readonly txHash?: string | undefined
  readonly receipt?: TxReceipt | undefined
  /**
   * The artifact whose source map covers the failing frames: `debug.contract` names the
   * contract they belong to (the outer one when a callee's error was not caught). Undefined:
   * no source location.
   */
  readonly artifactFor?: ((contract: string | undefined) => Promise<Artifact | undefined> | Artifact | undefined) | undefined
}

/**
 * The ContractError for a failure, with the TypeScript line when an artifact maps its frames.
 * Never throws: a source that cannot be found is left out.
 */
export async function explainFailure(failure: Failure, context: FailureContext): Promise<ContractError> {
  let mapped: ReturnType<typeof mapFailureSource> | undefined
  if (failure.debug && context.artifactFor) {
    try {
      const artifact = await context.artifactFor(failure.debug.contract)
      if (artifact) mapped = mapFailureSource(failure.debug, artifact.sourceMap)
    } catch {
      // A lookup failure (node gone, bad map) costs the location, not the error.
    }
  }
  return new ContractError({
    code: failure.code ?? 'UNKNOWN',
    reason: failure.reason,
    contract: context.contract,
    method: context.method,
    txHash: context.txHash,
    receipt: context.receipt,
    gasUsed: failure.gasUsed,
    debug: failure.debug,
    source: mapped?.source,
    frames: mapped?.frames,
  })
}
