import { toHex } from '../codec/hex.ts'
import { sha256 } from '../crypto/hash.ts'
import { encodeTransaction } from './encodeTransaction.ts'
import type { Hash, SignedTransaction } from './types.ts'

/**
 * The transaction's identity: `0x` + hex of sha256(encodeTransaction(tx)). Covers the signature.
 * Pass the wire bytes instead when you have them, to skip re-encoding.
 * @example txHash(stx) // '0x5c1f…' (66 characters)
 */
export function txHash(tx: SignedTransaction | Uint8Array): Hash {
  return toHex(sha256(tx instanceof Uint8Array ? tx : encodeTransaction(tx)))
}
