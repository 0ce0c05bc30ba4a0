import { toHex } from '../codec/hex.ts'
import { merkleRoot } from '../crypto/merkleRoot.ts'
import { encodeReceipt } from './encodeReceipt.ts'
import type { Hash, Receipt } from './types.ts'

/** The header's `receiptsRoot`: merkleRoot over the encoded receipts, in block order. */
export function receiptsRoot(receipts: readonly Receipt[]): Hash {
  return toHex(merkleRoot(receipts.map(encodeReceipt)))
}
