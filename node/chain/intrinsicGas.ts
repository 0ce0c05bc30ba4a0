import type { Payload, Transaction } from './types.ts'

/**
 * Gas every transaction pays before any execution, Ethereum-style: a base for the signature
 * check, nonce and balance updates, plus a price per byte of data the node stores and parses.
 * Consensus parameters: changing them changes which transactions are valid.
 */
export const INTRINSIC_GAS = Object.freeze({ base: 21_000, perDataByte: 16 })

/**
 * Bytes of data a payload carries: the UTF-8 bytes of `code`, `method` and `args`. Fixed-size
 * fields (addresses, amounts) are covered by the base, so a plain transfer costs exactly 21,000.
 */
export function payloadDataBytes(payload: Payload): number {
  switch (payload.type) {
    case 'deploy':
      return Buffer.byteLength(payload.code, 'utf8') + Buffer.byteLength(payload.args, 'utf8')
    case 'call':
      return Buffer.byteLength(payload.method, 'utf8') + Buffer.byteLength(payload.args, 'utf8')
    default:
      return 0
  }
}

/**
 * The gas charged before execution: INTRINSIC_GAS.base + perDataByte × payloadDataBytes.
 * @example intrinsicGas({ payload: { type: 'transfer', to } }) // 21000
 */
export function intrinsicGas(tx: Pick<Transaction, 'payload'>): number {
  return INTRINSIC_GAS.base + INTRINSIC_GAS.perDataByte * payloadDataBytes(tx.payload)
}
