import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** `0x` + sha256 of the code's UTF-8 bytes: the identity of deployed code. */
export function codeHashOf(code: string): string {
  return '0x' + bytesToHex(sha256(new TextEncoder().encode(code)))
}

