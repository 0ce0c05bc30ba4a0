import { address } from '../crypto/keys.ts'
import type { Address, Transaction } from './types.ts'

/** The sender's address, derived from `tx.from` (no signature check: see validateTransaction). */
export function senderAddress(tx: Transaction): Address {
  return address(tx.from)
}
