import { encode } from '../codec/codec.ts'
import { hashTagged } from '../crypto/hash.ts'
import { signedTransactionCodec, transactionCodec } from './codecs.ts'
import type { SignedTransaction, Transaction } from './types.ts'

/** Domain tag of transaction signatures; a new transaction format gets a new tag, never reuses this one. */
export const TX_SIGNING_TAG = 'tsvm/tx/v1'

/**
 * The 32 bytes a transaction's signature covers: hashTagged('tsvm/tx/v1', encode(unsigned tx)).
 * A signature field on the argument, if any, is ignored.
 */
export function signingHash(tx: Transaction): Uint8Array {
  // A signed transaction already encoded or decoded: its encoding is the unsigned one + 64 bytes.
  const signed = signedTransactionCodec.memo.get(tx as SignedTransaction)
  if (signed !== undefined) return hashTagged(TX_SIGNING_TAG, signed.subarray(0, signed.length - 64))
  return hashTagged(TX_SIGNING_TAG, encode(transactionCodec, tx))
}
