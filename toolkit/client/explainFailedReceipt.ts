import type { ContractError } from './ContractError.ts'
import type { SentTransaction } from './createWallet.ts'
import type { TxReceipt } from './decodeReceipt.ts'
import { estimateTransactionGas } from './estimateTransactionGas.ts'
import { explainFailure, type FailureContext } from './explainFailure.ts'
import type { Provider } from './Provider.ts'
import type { RpcDebug } from './rpcSchema.ts'

/**
 * The ContractError of a mined transaction that failed. Receipts are consensus data and carry
 * no debug frames, so the transaction is run again as a dry run (chain_estimateGas) at the
 * current head to find where it fails.
 *
 * Caveat: the head is not the state the transaction ran in. If the replay fails the same way
 * (same code and reason) its frames are used; if the state moved on and it now succeeds or
 * fails differently, the error has the receipt's code and reason but no source location.
 */
export async function explainFailedReceipt(provider: Provider, tx: SentTransaction, receipt: TxReceipt, context: Omit<FailureContext, 'txHash' | 'receipt'>): Promise<ContractError> {
  let debug: RpcDebug | undefined
  try {
    const replay = await estimateTransactionGas(provider, tx.from, tx.payload, tx.value)
    if (replay.status === 'failure' && replay.code === receipt.code && replay.reason === receipt.reason) debug = replay.debug
  } catch {
    // No replay, no location; the receipt's code and reason still stand.
  }
  return explainFailure({ code: receipt.code, reason: receipt.reason, debug, gasUsed: receipt.gasUsed }, { ...context, txHash: receipt.txHash, receipt })
}
