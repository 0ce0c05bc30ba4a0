import { hash } from 'node:crypto'

/**
 * Where chain state lives in the one tree. Every leaf key is a SHA-256 of a domain tag, so
 * keys spread evenly (the tree stays ~log2(n) deep) and no account key can equal a storage key:
 *   account  sha256('tsvm/acct' || address(20))                → Account encoding (Account.ts)
 *   storage  sha256('tsvm/stor' || contract(20) || utf8(key))  → utf8(value)
 * The address has a fixed length, so (contract, key) pairs cannot run into each other.
 * Deployed code is not in the tree: the account's code hash commits to it, and the node keeps
 * code by hash beside the tree (as Ethereum does).
 */
export function accountKey(address: string): Uint8Array {
  return hash('sha256', Buffer.concat([ACCT_TAG, addressBytes(address)]), 'buffer')
}

/** Tree key of one storage slot of a contract. */
export function storageKey(contract: string, key: string): Uint8Array {
  return hash('sha256', Buffer.concat([STOR_TAG, addressBytes(contract), utf8(key)]), 'buffer')
}

const ACCT_TAG = Buffer.from('tsvm/acct', 'utf8')
const STOR_TAG = Buffer.from('tsvm/stor', 'utf8')
const ADDRESS = /^0x[0-9a-f]{40}$/
// With the u flag a valid surrogate pair is one code point, so this matches lone halves only.
const LONE_SURROGATE = /\p{Surrogate}/u

/** The 20 bytes of a canonical address ('0x' + 40 lowercase hex); throws on anything else. */
export function addressBytes(address: string): Buffer {
  // Only the canonical spelling, so one account never has two cache entries or two spellings in events.
  if (typeof address !== 'string' || !ADDRESS.test(address)) throw new TypeError(`not a canonical address: ${String(address)}`)
  return Buffer.from(address.slice(2), 'hex')
}

/**
 * UTF-8 of a storage key or value. Refuses strings with lone surrogates: UTF-8 cannot carry
 * them, so two different strings would share one leaf and a read after commit would differ
 * from the write (the VM should refuse them at the host API; this is the last line).
 */
export function utf8(s: string): Buffer {
  if (LONE_SURROGATE.test(s)) throw new TypeError('storage strings must be well-formed UTF-16 (no lone surrogates)')
  return Buffer.from(s, 'utf8')
}
