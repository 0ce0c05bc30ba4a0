import { toHex } from '../codec/hex.ts'
import { sha256 } from '../crypto/hash.ts'
import { encodeBlockHeader } from './encodeBlock.ts'
import type { BlockHeader, Hash } from './types.ts'

/**
 * The block's identity: `0x` + hex of sha256(encodeBlockHeader(header)). The header commits to
 * the transactions and receipts through its roots, so the header alone identifies the block.
 */
export function blockHash(header: BlockHeader): Hash {
  return toHex(sha256(encodeBlockHeader(header)))
}
