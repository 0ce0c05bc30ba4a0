import { Reader, decode, encode } from '../codec/codec.ts'
import { blockCodec, blockHeaderCodec } from './codecs.ts'
import type { Block, BlockHeader } from './types.ts'

/** The canonical bytes of a block (header, then its signed transactions). */
export function encodeBlock(block: Block): Uint8Array {
  return encode(blockCodec, block)
}

/** The block in `bytes`; throws `CodecError` unless they are exactly one canonical encoding. Checks no signatures or roots. */
export function decodeBlock(bytes: Uint8Array): Block {
  return decode(blockCodec, bytes)
}

/** The canonical bytes of a block header (what `blockHash` hashes). */
export function encodeBlockHeader(header: BlockHeader): Uint8Array {
  return encode(blockHeaderCodec, header)
}

/** The header in `bytes`; throws `CodecError` unless they are exactly one canonical encoding. */
export function decodeBlockHeader(bytes: Uint8Array): BlockHeader {
  return decode(blockHeaderCodec, bytes)
}

/** The header of an encoded block, without decoding its transactions (the header comes first). */
export function decodeHeaderOfBlock(blockBytes: Uint8Array): BlockHeader {
  return blockHeaderCodec.read(new Reader(blockBytes))
}
