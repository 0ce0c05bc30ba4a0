/**
 * SHA-256 (lowercase hex) for the toolkit's cache keys and content records, from @noble/hashes
 * (the stack's hash library). Not node:crypto: loading it costs a warm `toolkit compile` about
 * 3 ms, for a run that hashes only a few short strings.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** sha256 (lowercase hex) of text (as UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return bytesToHex(nobleSha256(typeof data === 'string' ? utf8ToBytes(data) : data))
}
