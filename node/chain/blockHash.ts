import { sha256Hex } from '../crypto/hash.ts'
import { blockHeaderCodec } from './codecs.ts'
import type { BlockHeader, Hash } from './types.ts'

/**
 * The block's identity: `0x` + hex of sha256(blockHeaderCodec.bytesOf(header)). The header commits to
 * the transactions and receipts through its roots, so the header alone identifies the block.
 */
export function blockHash(header: BlockHeader): Hash {
  return sha256Hex(blockHeaderCodec.bytesOf(header))
}
