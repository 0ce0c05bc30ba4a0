import { hash } from 'node:crypto'

/**
 * Stored leaves. A NodeStore holds two kinds of nodes, each under its hash (lowercase hex):
 *   leaf: 0x00 || key(32) || value bytes   (value inline: a read ends with one lookup; the
 *                                           hash commits to H(value), not the bytes stored)
 *   page: 0x02 || ...                      (four levels of branches, see TreePage.ts)
 * On the hot path hashes are hex strings, the store's own keys: OpenSSL writes the digest
 * straight into a string, far cheaper than a Buffer per hash (fewer allocations, less GC).
 */
export const LEAF_TAG = 0x00
export const PAGE_TAG = 0x02

/** The empty subtree's hash in hex (32 zero bytes). */
export const EMPTY_HEX = '0'.repeat(64)

/** A node to write: its hash (hex) and its stored bytes. */
export interface EncodedNode {
  readonly hash: string
  readonly bytes: Buffer
}

// One scratch buffer for the 65-byte preimage: crypto.hash is synchronous and copies its input.
const scratch = Buffer.alloc(65)

/** Stored bytes and hash of a leaf: H(0x00 || key || H(value)). */
export function encodeLeaf(key: Uint8Array, value: Uint8Array): EncodedNode {
  // allocUnsafe slices Node's shared pool instead of creating an ArrayBuffer per node; every byte is written below.
  const bytes = Buffer.allocUnsafe(33 + value.length)
  bytes[0] = LEAF_TAG
  bytes.set(key, 1)
  bytes.set(value, 33)
  scratch[0] = LEAF_TAG
  scratch.set(key, 1)
  scratch.write(hash('sha256', value, 'binary'), 33, 'binary')
  return { hash: hash('sha256', scratch, 'hex'), bytes }
}

/** Key and value of stored leaf bytes, as plain Uint8Array views (one type whatever the store returns). */
export function decodeLeaf(bytes: Uint8Array): { key: Uint8Array; value: Uint8Array } {
  if (bytes[0] !== LEAF_TAG || bytes.length < 33) throw new Error(`corrupt tree leaf (${bytes.length} bytes, tag ${bytes[0]})`)
  return { key: new Uint8Array(bytes.buffer, bytes.byteOffset + 1, 32), value: new Uint8Array(bytes.buffer, bytes.byteOffset + 33, bytes.length - 33) }
}

/** The bytes as a Buffer view (stores may hand back plain Uint8Arrays). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The 4 bits of `key` at `depth` (a multiple of 4): which slot of a page the key goes through. */
export function nibbleAt(key: Uint8Array, depth: number): number {
  const byte = key[depth >> 3]!
  return depth & 4 ? byte & 0x0f : byte >> 4
}
