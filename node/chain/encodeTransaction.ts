import { decode, encode } from '../codec/codec.ts'
import { signedTransactionCodec } from './codecs.ts'
import type { SignedTransaction } from './types.ts'

/** The canonical wire bytes of a signed transaction (what `txHash` hashes and RPC `sendRawTransaction` takes). */
export function encodeTransaction(tx: SignedTransaction): Uint8Array {
  return encode(signedTransactionCodec, tx)
}

/**
 * The signed transaction in `bytes`; throws `CodecError` unless they are exactly one canonical
 * encoding. Decoding does not check the signature: that is `validateTransaction`.
 */
export function decodeTransaction(bytes: Uint8Array): SignedTransaction {
  return decode(signedTransactionCodec, bytes)
}
