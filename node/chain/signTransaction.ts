import { publicKeyOf, sign } from '../crypto/keys.ts'
import { ChainError } from './errors.ts'
import { signingHash } from './signingHash.ts'
import type { SignedTransaction, Transaction } from './types.ts'

/**
 * Signs a transaction with an ed25519 secret key (32-byte seed). `from` may be omitted and is then
 * the key's public key; if given it must match (TX_SIGNER_MISMATCH is thrown otherwise, since a
 * mismatched signature could never be valid). Deterministic: same input, same bytes.
 * @example const stx = signTransaction({ chainId: 'dev', nonce: 0n, gasLimit: 21_000, gasPrice: 1n, value: 5n, payload: { type: 'transfer', to } }, secretKey)
 */
export function signTransaction(tx: Omit<Transaction, 'from'> & { readonly from?: Uint8Array }, secretKey: Uint8Array): SignedTransaction {
  const from = publicKeyOf(secretKey)
  if (tx.from !== undefined && Buffer.compare(tx.from, from) !== 0) {
    throw new ChainError('TX_SIGNER_MISMATCH', 'tx.from is not the public key of this secret key')
  }
  // A fresh object with only the transaction's fields: a stale signature or extra properties of
  // the argument never ride along.
  const unsigned: Transaction = {
    chainId: tx.chainId,
    nonce: tx.nonce,
    from,
    gasLimit: tx.gasLimit,
    gasPrice: tx.gasPrice,
    value: tx.value,
    payload: tx.payload,
  }
  return { ...unsigned, signature: sign(signingHash(unsigned), secretKey) }
}
