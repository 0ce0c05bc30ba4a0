import { sha256 } from './hash.ts'

const LEAF = Uint8Array.of(0x00)
const NODE = Uint8Array.of(0x01)
const EMPTY_ROOT = sha256(new TextEncoder().encode('empty'))

/**
 * Binary Merkle root of an ordered list of byte strings (transaction and receipt roots).
 * leaf = sha256(0x00 || item), node = sha256(0x01 || left || right); the distinct prefixes stop
 * a leaf from being passed off as an inner node (second-preimage). An odd node at the end of a
 * level is promoted unchanged, never paired with itself: Bitcoin's duplicate-last rule lets two
 * different lists share a root (CVE-2012-2459). The empty list has root sha256('empty').
 * @example merkleRoot([a]) // sha256(0x00 || a)
 */
export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return EMPTY_ROOT.slice()
  let level = items.map((item) => sha256(LEAF, item))
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sha256(NODE, level[i]!, level[i + 1]!))
    if (level.length % 2 === 1) next.push(level[level.length - 1]!)
    level = next
  }
  return level[0]!
}
