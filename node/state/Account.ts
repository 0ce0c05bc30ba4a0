import { decodeHexInto } from '../codec/hex.ts'
import { newBytes } from '../codec/newBytes.ts'

/** An account as stored in the state tree. */
export interface Account {
  readonly nonce: bigint
  readonly balance: bigint
  /** '0x' + 64 lowercase hex, for a contract account. */
  readonly codeHash?: string
}

const MAX_U64 = (1n << 64n) - 1n
const MAX_U256 = (1n << 256n) - 1n

/**
 * The leaf value of an account, fixed layout, one encoding per account:
 * nonce u64 BE (8) || balance u256 BE (32) || 0x00            (41 bytes, no code)
 * nonce u64 BE (8) || balance u256 BE (32) || 0x01 || hash(32) (73 bytes, contract)
 */
export function encodeAccount(account: Account): Uint8Array {
  const { nonce, balance, codeHash } = account
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce > MAX_U64) throw new RangeError('account nonce must be a u64 bigint')
  if (typeof balance !== 'bigint' || balance < 0n || balance > MAX_U256) throw new RangeError('account balance must be a u256 bigint')
  // newBytes: zeroed, from a shared slab (no ArrayBuffer per encoding); hex decoded in JS.
  const out = newBytes(codeHash === undefined ? 41 : 73)
  decodeHexInto(nonce.toString(16).padStart(16, '0'), 0, 8, out, 0)
  decodeHexInto(balance.toString(16).padStart(64, '0'), 0, 32, out, 8)
  if (codeHash !== undefined) {
    if (codeHash.length !== 66 || !codeHash.startsWith('0x') || !decodeHexInto(codeHash, 2, 32, out, 41)) throw new TypeError(`not a code hash: ${codeHash}`)
    out[40] = 1
  }
  return out
}

/** Parse `encodeAccount` bytes; throws on anything else (the tree holds only what we wrote). */
export function decodeAccount(bytes: Uint8Array): Account {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const hasCode = b.length === 73 && b[40] === 1
  if (!hasCode && !(b.length === 41 && b[40] === 0)) throw new Error(`corrupt account encoding (${b.length} bytes)`)
  const nonce = b.readBigUInt64BE(0)
  const balance = BigInt('0x' + b.toString('hex', 8, 40))
  return hasCode ? { nonce, balance, codeHash: '0x' + b.toString('hex', 41, 73) } : { nonce, balance }
}
