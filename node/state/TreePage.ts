import { hash } from 'node:crypto'
import { EMPTY_HEX, PAGE_TAG } from './TreeNode.ts'

/** What a binary subtree is: nothing, one leaf (compact: the leaf itself), or a branch. */
export const EMPTY = 0
export const LEAF = 1
export const BRANCH = 2

/** A subtree's hash (hex) and kind. */
export interface Sub {
  readonly hash: string
  readonly kind: number
}

export const EMPTY_SUB: Sub = { hash: EMPTY_HEX, kind: EMPTY }

/**
 * A page: four levels of the binary tree stored as one node (Jellyfish's 16-ary internal
 * nodes). Hashing and proofs stay binary, so roots are those of the plain binary tree; only
 * storage is grouped, which divides store reads and writes per key by about four (a million-
 * entry Map costs ~1 µs per operation, more than a hash).
 *
 * A page sits at a depth d that is a multiple of 4 and holds the 16 subtrees at depth d+4
 * ("slots", by the key's 4 bits at d) plus the branches between. Inside, positions are
 * numbered as a heap: 1 is the page's root (depth d), p's children are 2p and 2p+1, slots are
 * 16..31. Each position has a kind and the hash of its subtree (zeros if empty, the leaf's hash
 * if it holds one leaf, else the branch hash). A page exists only when its root is a branch;
 * its address is that branch's hash. Stored bytes:
 *   0x02 || slot mask (u16 BE) || leaf mask (u16 BE) || hashes of non-empty slots (ascending)
 *   || hashes of the branch positions 15..2 (descending; kinds follow from the masks, and the
 *   root's hash is the address), so an update rehashes only the positions above changed slots.
 * One instance is a reusable workspace: no allocation per page visited.
 */
export class TreePage {
  readonly kinds = new Uint8Array(32)
  // Where position p's hash is: src[p] at off[p]. Loading a page only points into the stored
  // bytes (no copying); positions that change get their hash in `work` at p*32.
  private readonly src: Buffer[] = new Array<Buffer>(32).fill(ZERO)
  private readonly off = new Int32Array(32)
  private readonly work = Buffer.alloc(32 * 32)
  private readonly dirty = new Uint8Array(16)

  /** Start an empty page (every slot empty). */
  reset(): void {
    this.kinds.fill(EMPTY)
    this.src.fill(ZERO)
    this.off.fill(0)
    this.dirty.fill(0)
  }

  /** Load stored page bytes kept under `address`; throws on bytes no tree wrote. */
  load(b: Buffer, address: string): void {
    if (b[0] !== PAGE_TAG || b.length < 5) throw corrupt(b)
    const slotMask = b.readUInt16BE(1)
    const leafMask = b.readUInt16BE(3)
    if ((leafMask & ~slotMask) !== 0) throw corrupt(b)
    const { kinds, src, off } = this
    this.dirty.fill(0)
    let at = 5
    for (let i = 0; i < 16; i++) {
      const bit = 0x8000 >>> i
      const p = 16 + i
      if (slotMask & bit) {
        kinds[p] = leafMask & bit ? LEAF : BRANCH
        src[p] = b
        off[p] = at
        at += 32
      } else {
        kinds[p] = EMPTY
        src[p] = ZERO
        off[p] = 0
      }
    }
    for (let p = 15; p >= 2; p--) {
      const k = combine(kinds[2 * p]!, kinds[2 * p + 1]!)
      kinds[p] = k
      if (k === BRANCH) {
        src[p] = b
        off[p] = at
        at += 32
      } else this.follow(p)
    }
    kinds[1] = combine(kinds[2]!, kinds[3]!)
    if (kinds[1] !== BRANCH || at !== b.length) throw corrupt(b)
    this.work.write(address, 32, 'hex')
    src[1] = this.work
    off[1] = 32
  }

  /** The hash (hex) held at position p. */
  hexAt(p: number): string {
    return this.kinds[p] === EMPTY ? EMPTY_HEX : this.src[p]!.toString('hex', this.off[p]!, this.off[p]! + 32)
  }

  /** A copy of the hash at position p. */
  hashAt(p: number): Uint8Array {
    const out = new Uint8Array(32)
    copy32(this.src[p]!, this.off[p]!, out, 0)
    return out
  }

  /** Put a subtree in slot i (0..15); positions above it are rehashed by `rehash`. */
  setSlot(i: number, sub: Sub): void {
    const p = 16 + i
    this.kinds[p] = sub.kind
    if (sub.kind === EMPTY) {
      this.src[p] = ZERO
      this.off[p] = 0
    } else {
      this.work.write(sub.hash, p * 32, 'hex')
      this.src[p] = this.work
      this.off[p] = p * 32
    }
    for (let q = p >> 1; q >= 1; q >>= 1) this.dirty[q] = 1
  }

  /** Recompute kinds and hashes of the positions above changed slots; returns the page root. */
  rehash(): Sub {
    const { kinds, src, off, work, dirty } = this
    for (let p = 15; p >= 1; p--) {
      if (!dirty[p]) continue
      dirty[p] = 0
      const l = 2 * p
      const k = combine(kinds[l]!, kinds[l + 1]!)
      kinds[p] = k
      if (k !== BRANCH) this.follow(p)
      else {
        scratch[0] = 0x01
        copy32(src[l]!, off[l]!, scratch, 1)
        copy32(src[l + 1]!, off[l + 1]!, scratch, 33)
        work.write(hash('sha256', scratch, 'binary'), p * 32, 'binary')
        src[p] = work
        off[p] = p * 32
      }
    }
    return { hash: this.hexAt(1), kind: kinds[1]! }
  }

  /** Stored bytes of the page (its root must be a branch). */
  encode(): Buffer {
    const { kinds, src, off } = this
    let slotMask = 0
    let leafMask = 0
    let count = 0
    for (let i = 0; i < 16; i++) {
      const k = kinds[16 + i]
      if (k === EMPTY) continue
      slotMask |= 0x8000 >>> i
      if (k === LEAF) leafMask |= 0x8000 >>> i
      count++
    }
    for (let p = 15; p >= 2; p--) if (kinds[p] === BRANCH) count++
    // allocUnsafe slices Node's shared pool instead of creating an ArrayBuffer per node; every byte is written below.
    const out = Buffer.allocUnsafe(5 + 32 * count)
    out[0] = PAGE_TAG
    out.writeUInt16BE(slotMask, 1)
    out.writeUInt16BE(leafMask, 3)
    let at = 5
    for (let p = 16; p < 32; p++) if (kinds[p] !== EMPTY) (copy32(src[p]!, off[p]!, out, at), (at += 32))
    for (let p = 15; p >= 2; p--) if (kinds[p] === BRANCH) (copy32(src[p]!, off[p]!, out, at), (at += 32))
    return out
  }

  // An empty position hashes to zeros; a position holding one leaf has that leaf's hash.
  private follow(p: number): void {
    const { kinds, src, off } = this
    if (kinds[p] === EMPTY) {
      src[p] = ZERO
      off[p] = 0
    } else {
      const c = kinds[2 * p] === LEAF ? 2 * p : 2 * p + 1
      src[p] = src[c]!
      off[p] = off[c]!
    }
  }
}

/** The hash (hex) in slot `i` of stored page bytes, without loading the page (EMPTY_HEX if empty). */
export function pageSlot(b: Buffer, i: number): string {
  if (b[0] !== PAGE_TAG || b.length < 5) throw corrupt(b)
  const slotMask = b.readUInt16BE(1)
  if (!(slotMask & (0x8000 >>> i))) return EMPTY_HEX
  let before = slotMask >>> (16 - i)
  let n = 0
  for (; before; before &= before - 1) n++
  const at = 5 + 32 * n
  if (at + 32 > b.length) throw corrupt(b)
  return b.toString('hex', at, at + 32)
}

// Compact tree: a subtree with one leaf is that leaf, so an empty side lets a lone leaf move up.
function combine(l: number, r: number): number {
  if (l === EMPTY) return r
  if (r === EMPTY) return l
  return BRANCH
}

const scratch = Buffer.alloc(65)
const ZERO = Buffer.alloc(32)

// A plain loop beats Buffer.copy's call overhead for 32 bytes (~45 vs ~70 ns).
function copy32(from: Uint8Array, at: number, to: Uint8Array, toAt: number): void {
  for (let k = 0; k < 32; k++) to[toAt + k] = from[at + k]!
}

function corrupt(b: Uint8Array): Error {
  return new Error(`corrupt tree page (${b.length} bytes, tag ${b[0]})`)
}
