import { ownHexBytes, toHex } from '../codec/hex.ts'
import { merkleRoot } from '../crypto/merkleRoot.ts'
import { txHash } from './txHash.ts'
import type { Hash, SignedTransaction } from './types.ts'

/**
 * The header's `txRoot`: merkleRoot over the transactions' 32-byte hashes, in block order. Leaves
 * are tx hashes (not whole transactions) so that an inclusion proof proves a `txHash` and hashes
 * already computed for the mempool can be reused.
 */
export function txRoot(transactions: readonly SignedTransaction[]): Hash {
  return toHex(merkleRoot(transactions.map((tx) => ownHexBytes(txHash(tx)))))
}
