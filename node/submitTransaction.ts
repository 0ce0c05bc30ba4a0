import { CHAIN_ERRORS, type ChainErrorCode } from './chain/errors.ts'
import { senderAddress } from './chain/senderAddress.ts'
import { checkTransaction } from './chain/validateTransaction.ts'
import { onTransactionAccepted } from './consensus/devEngine.ts'
import { INCLUSION_ERRORS, type InclusionError } from './execution/applyTransaction.ts'
import { MEMPOOL_ERRORS, addToPool, type MempoolErrorCode } from './mempool/Mempool.ts'
import { emit, tipOf, type Node } from './Node.ts'

export type SubmitResult =
  | { readonly ok: true; readonly hash: string }
  | { readonly ok: false; readonly code: ChainErrorCode | MempoolErrorCode | InclusionError; readonly message: string }

/**
 * Accept a signed transaction (wire bytes): check encoding, chain id, size, signature and gas,
 * then admit it to the pool against the head state. Under automine the block that includes it
 * is committed before this resolves, so its receipt is readable at once (as in Hardhat); if the
 * block left it out instead (see INCLUSION_ERRORS), this answers with that code.
 */
export async function submitTransaction(node: Node, bytes: Uint8Array): Promise<SubmitResult> {
  const v = checkTransaction(bytes, { chainId: node.config.chainId, maxTxBytes: node.config.mempool.maxTxBytes, maxGasLimit: Math.min(node.config.gas.maxTxGas, node.config.gas.blockGasLimit) })
  if (!v.ok) return { ok: false, code: v.code, message: `${v.detail}; ${CHAIN_ERRORS[v.code].hint}` }
  const tx = v.tx
  // The signature last (the costly part): inline when the node is idle; on a worker thread while
  // it is making a block or other signatures are being checked (concurrent senders), so that the
  // two overlap and senders take turns. Same verdict either way.
  const signed = node.verifier.verifyOne(tx, node.queued > 0 || node.verifier.inFlight > 0)
  if (!(typeof signed === 'boolean' ? signed : await signed)) {
    return { ok: false, code: 'TX_BAD_SIGNATURE', message: `signature does not verify for tx.from; ${CHAIN_ERRORS.TX_BAD_SIGNATURE.hint}` }
  }
  const sender = senderAddress(tx)
  // Checked against the block the next one is made on: the sender's blocks still being sealed count.
  const account = tipOf(node).state.getAccount(sender)
  const r = addToPool(node.mempool, {
    hash: v.hash,
    sender,
    nonce: tx.nonce,
    gasPrice: tx.gasPrice,
    maxCost: BigInt(tx.gasLimit) * tx.gasPrice + tx.value,
    size: v.size,
    tx: { tx, bytes },
  }, { nonce: account?.nonce ?? 0n, balance: account?.balance ?? 0n })
  if (!r.ok) return { ok: false, code: r.code, message: MEMPOOL_ERRORS[r.code] }
  // Admitted again after a block left it out (its sender fixed the cause): that verdict is old.
  node.recentExclusions.delete(v.hash)
  emit(node, { type: 'pendingTransaction', hash: v.hash })
  const excluded = await onTransactionAccepted(node, v.hash)
  if (excluded) return { ok: false, code: excluded, message: INCLUSION_ERRORS[excluded] }
  return { ok: true, hash: v.hash }
}
