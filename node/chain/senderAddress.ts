import { address } from '../crypto/keys.ts'
import type { Address, Transaction } from './types.ts'

const senders = new WeakMap<Transaction, Address>()

/**
 * The sender's address, derived from `tx.from` (no signature check: see validateTransaction).
 * Computed once per transaction object (transactions are immutable).
 */
export function senderAddress(tx: Transaction): Address {
  let sender = senders.get(tx)
  if (sender === undefined) {
    sender = address(tx.from)
    senders.set(tx, sender)
  }
  return sender
}
