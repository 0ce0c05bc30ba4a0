import { sha256Hex } from '../crypto/hash.ts'
import { signedTransactionCodec } from './codecs.ts'
import type { Hash, SignedTransaction } from './types.ts'

const hashes = new WeakMap<SignedTransaction, Hash>()

/**
 * The transaction's identity: `0x` + hex of sha256(encodeTransaction(tx)). Covers the signature.
 * Computed once per transaction object (transactions are immutable); bytes are hashed as given.
 * @example txHash(stx) // '0x5c1f…' (66 characters)
 */
export function txHash(tx: SignedTransaction | Uint8Array): Hash {
  if (tx instanceof Uint8Array) return sha256Hex(tx)
  let hash = hashes.get(tx)
  if (hash === undefined) {
    hash = sha256Hex(signedTransactionCodec.bytesOf(tx))
    hashes.set(tx, hash)
  }
  return hash
}
