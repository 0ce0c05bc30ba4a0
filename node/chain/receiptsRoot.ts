import { toHex } from '../codec/hex.ts'
import { merkleRoot } from '../crypto/merkleRoot.ts'
import { receiptCodec } from './codecs.ts'
import type { Hash, Receipt } from './types.ts'

/** The header's `receiptsRoot`: merkleRoot over the encoded receipts, in block order. */
export function receiptsRoot(receipts: readonly Receipt[]): Hash {
  return toHex(merkleRoot(receipts.map((r) => receiptCodec.bytesOf(r))))
}
