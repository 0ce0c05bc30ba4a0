import { decode, encode } from '../codec/codec.ts'
import { receiptCodec } from './codecs.ts'
import type { Receipt } from './types.ts'

/** The canonical bytes of a receipt (the leaves of `receiptsRoot`). */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  return encode(receiptCodec, receipt)
}

/** The receipt in `bytes`; throws `CodecError` unless they are exactly one canonical encoding. */
export function decodeReceipt(bytes: Uint8Array): Receipt {
  return decode(receiptCodec, bytes)
}
