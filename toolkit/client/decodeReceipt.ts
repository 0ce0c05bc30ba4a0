import type { RpcEvent, RpcReceipt } from './rpcSchema.ts'

/** A mined transaction's receipt, with the fee as a bigint. Events stay raw; decode them with `decodeEvents(abi, receipt.events)`. */
export interface TxReceipt {
  readonly txHash: string
  readonly status: 'success' | 'failure'
  readonly gasUsed: number
  /** gasUsed × gasPrice, paid by the sender. */
  readonly fee: bigint
  /** VM code on failure (REVERT, OUT_OF_GAS, ...). */
  readonly code?: string
  readonly reason?: string
  /** Canonical JSON of the return value, on success; contract methods decode it with the ABI. */
  readonly returnValue?: string
  readonly events: readonly RpcEvent[]
  /** The new contract, for a successful deploy. */
  readonly contractAddress?: string
  readonly blockHash: string
  readonly blockHeight: number
  /** Position of the transaction in its block. */
  readonly index: number
}

/** The client form of a `chain_getTransactionReceipt` result. */
export function decodeReceipt(r: RpcReceipt): TxReceipt {
  return {
    txHash: r.txHash,
    status: r.status,
    gasUsed: r.gasUsed,
    fee: BigInt(r.fee),
    ...(r.code !== undefined ? { code: r.code } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    ...(r.returnValue !== undefined ? { returnValue: r.returnValue } : {}),
    events: r.events,
    ...(r.contractAddress !== undefined ? { contractAddress: r.contractAddress } : {}),
    blockHash: r.blockHash,
    blockHeight: r.blockHeight,
    index: r.index,
  }
}
