import { hashBranch, hashLeaf, hashValue } from './treeHash.ts'

/**
 * A stored tree node. What a NodeStore holds under a node's hash:
 *   leaf:   0x00 || key(32) || value bytes   (the value inline, so a read costs one lookup per level;
 *                                             the hash commits to H(value), not the bytes stored)
 *   branch: 0x01 || left(32) || right(32)     (exactly the hash preimage)
 */
export type TreeNode =
  | { readonly kind: 'leaf'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly kind: 'branch'; readonly left: Uint8Array; readonly right: Uint8Array }

/** A node to write: its hash and its stored bytes. */
export interface EncodedNode {
  readonly hash: Buffer
  readonly bytes: Uint8Array
}

/** Stored bytes and hash of a leaf. */
export function encodeLeaf(key: Uint8Array, value: Uint8Array): EncodedNode {
  const bytes = new Uint8Array(33 + value.length)
  bytes[0] = 0x00
  bytes.set(key, 1)
  bytes.set(value, 33)
  return { hash: hashLeaf(key, hashValue(value)), bytes }
}

/** Stored bytes and hash of a branch. */
export function encodeBranch(left: Uint8Array, right: Uint8Array): EncodedNode {
  const bytes = new Uint8Array(65)
  bytes[0] = 0x01
  bytes.set(left, 1)
  bytes.set(right, 33)
  return { hash: hashBranch(left, right), bytes }
}

/** Decode stored node bytes (views into `bytes`, no copies). Throws on bytes no tree wrote. */
export function decodeNode(bytes: Uint8Array): TreeNode {
  if (bytes[0] === 0x00 && bytes.length >= 33) return { kind: 'leaf', key: bytes.subarray(1, 33), value: bytes.subarray(33) }
  if (bytes[0] === 0x01 && bytes.length === 65) return { kind: 'branch', left: bytes.subarray(1, 33), right: bytes.subarray(33, 65) }
  throw new Error(`corrupt tree node (${bytes.length} bytes, tag ${bytes[0]})`)
}
