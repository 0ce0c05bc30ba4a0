import { encode, u64 } from '../codec/codec.ts'
import { toHex } from '../codec/hex.ts'
import { hashTagged } from '../crypto/hash.ts'
import { addressCodec } from './codecs.ts'
import type { Address } from './types.ts'

/** Domain tag of contract addresses. */
export const CREATE_TAG = 'tsvm/create'

/**
 * Address of the contract created by `sender`'s deploy transaction with nonce `nonce`:
 * `0x` + first 20 bytes of hashTagged('tsvm/create', sender's 20 address bytes, nonce as a u64
 * varint). Known before the transaction runs, and different for every (sender, nonce).
 * @example contractAddress('0x3f1c…', 0n) // '0x9a0e…'
 */
export function contractAddress(sender: Address, nonce: bigint): Address {
  const h = hashTagged(CREATE_TAG, encode(addressCodec, sender), encode(u64, nonce))
  return toHex(h.subarray(0, 20))
}
