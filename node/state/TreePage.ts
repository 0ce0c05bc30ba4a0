import { hash } from 'node:crypto'
import { decodeHexInto } from '../codec/hex.ts'
import { newBytes } from '../codec/newBytes.ts'
import { EMPTY_HEX, PAGE_TAG } from './TreeNode.ts'

/** What a binary subtree is: nothing, one leaf (compact: the leaf itself), or a branch. */
export const EMPTY = 0
export const LEAF = 1
export const BRANCH = 2

/** A subtree's hash (hex) and kind; a leaf also carries its key (pages record leaf keys). */
export interface Sub {
  readonly hash: string
  readonly kind: number
  readonly key?: Uint8Array
}

export const EMPTY_SUB: Sub = { hash: EMPTY_HEX, kind: EMPTY }

// Layout of a workspace's one buffer (all copies inside it are native copyWithin calls).
const LOADED = 0 // the stored page bytes, as loaded (at most 5 + 46 * 32 = 1477 bytes)
const HASHES = 1536 // changed position hashes, position p at HASHES + p * 32
const KEYS = 2560 // keys of leaves put in slot i, at KEYS + i * 32
const PRE = 3072 // the 65-byte branch preimage
const ZEROS = 3200 // 32 zero bytes: the empty hash
const STAGE = 3264 // encode() assembles here
const SIZE = STAGE + 1536

/**
 * A page: four levels of the binary tree stored as one node (Jellyfish's 16-ary internal
 * nodes). Hashing and proofs stay binary, so roots are those of the plain binary tree; only
 * storage is grouped, which divides store reads and writes per key by about four.
 *
 * A page sits at a depth d that is a multiple of 4 and holds the 16 subtrees at depth d+4
 * ("slots", by the key's 4 bits at d) and the branches between. Positions are numbered as a
 * heap: 1 is the page's root (depth d), p's children are 2p and 2p+1, slots are 16..31. Each
 * position has a kind and its subtree's hash (zeros if empty, the leaf's hash if it holds one
 * leaf, else the branch hash). A page exists only when its root is a branch; its address is
 * that branch's hash. Stored bytes:
 *   0x02 || slot mask (u16 BE) || leaf mask (u16 BE) || hashes of non-empty slots (ascending)
 *   || keys of the leaf slots (ascending) || hashes of branch positions 15..2 (descending)
 * Kinds of inner positions follow from the masks. Inner hashes are stored so an update rehashes
 * only positions above changed slots; leaf keys so an update never reads a leaf, and a read of
 * an absent key stops at the page.
 * One instance is a reusable workspace: visiting a page allocates nothing.
 */
export class TreePage {
  readonly kinds = new Uint8Array(32)
  /** Where position p's hash is in `mem`. Loading only points into the loaded bytes. */
  private readonly at = new Int32Array(32)
  /** Where the key of the leaf in slot i is in `mem`. */
  private readonly keyAt = new Int32Array(16)
  /** For a position holding one leaf: the slot that leaf is in. */
  private readonly leafSlot = new Int8Array(32)
  private readonly dirty = new Uint8Array(16)
  private readonly mem = Buffer.alloc(SIZE)
  private readonly pre = this.mem.subarray(PRE, PRE + 65)

  /** Start an empty page (every slot empty). */
  reset(): void {
    this.kinds.fill(EMPTY)
    this.at.fill(ZEROS)
    this.dirty.fill(0)
  }

  /** Load stored page bytes kept under `address`; throws on bytes no tree wrote. */
  load(b: Buffer, address: string): void {
    if (b[0] !== PAGE_TAG || b.length < 5 || b.length > HASHES - LOADED) throw corrupt(b)
    const slotMask = b.readUInt16BE(1)
    const leafMask = b.readUInt16BE(3)
    if ((leafMask & ~slotMask) !== 0) throw corrupt(b)
    const { kinds, at, mem } = this
    b.copy(mem, LOADED)
    this.dirty.fill(0)
    let next = LOADED + 5
    for (let i = 0; i < 16; i++) {
      const bit = 0x8000 >>> i
      const p = 16 + i
      if (slotMask & bit) {
        kinds[p] = leafMask & bit ? LEAF : BRANCH
        at[p] = next
        next += 32
        this.leafSlot[p] = i
      } else {
        kinds[p] = EMPTY
        at[p] = ZEROS
      }
    }
    for (let i = 0; i < 16; i++) {
      if (leafMask & (0x8000 >>> i)) {
        this.keyAt[i] = next
        next += 32
      }
    }
    for (let p = 15; p >= 2; p--) {
      const k = combine(kinds[2 * p]!, kinds[2 * p + 1]!)
      kinds[p] = k
      if (k === BRANCH) {
        at[p] = next
        next += 32
      } else this.follow(p)
    }
    kinds[1] = combine(kinds[2]!, kinds[3]!)
    if (kinds[1] !== BRANCH || next !== LOADED + b.length) throw corrupt(b)
    putHash(mem, address, HASHES + 32)
    at[1] = HASHES + 32
  }

  /** The hash (hex) held at position p. */
  hexAt(p: number): string {
    return this.kinds[p] === EMPTY ? EMPTY_HEX : this.mem.toString('hex', this.at[p]!, this.at[p]! + 32)
  }

  /** A copy of the hash at position p. */
  hashAt(p: number): Uint8Array {
    return new Uint8Array(this.mem.subarray(this.at[p]!, this.at[p]! + 32))
  }

  /** The key of the leaf in slot i: a view into this workspace, valid until it loads or resets. */
  leafKey(i: number): Uint8Array {
    return this.mem.subarray(this.keyAt[i]!, this.keyAt[i]! + 32)
  }

  /** Put a subtree in slot i (0..15); positions above it are rehashed by `rehash`. */
  setSlot(i: number, sub: Sub): void {
    const p = 16 + i
    this.kinds[p] = sub.kind
    if (sub.kind === EMPTY) this.at[p] = ZEROS
    else {
      putHash(this.mem, sub.hash, HASHES + p * 32)
      this.at[p] = HASHES + p * 32
    }
    if (sub.kind === LEAF) {
      this.mem.set(sub.key!, KEYS + i * 32)
      this.keyAt[i] = KEYS + i * 32
      this.leafSlot[p] = i
    }
    for (let q = p >> 1; q >= 1; q >>= 1) this.dirty[q] = 1
  }

  /**
   * Recompute kinds and hashes of the positions above changed slots; returns the page root
   * (a branch, or the lone leaf with a copy of its key, or empty).
   */
  rehash(): Sub {
    const { kinds, at, mem, dirty } = this
    for (let p = 15; p >= 1; p--) {
      if (!dirty[p]) continue
      dirty[p] = 0
      const l = 2 * p
      const k = combine(kinds[l]!, kinds[l + 1]!)
      kinds[p] = k
      if (k !== BRANCH) this.follow(p)
      else {
        mem[PRE] = 0x01
        mem.copyWithin(PRE + 1, at[l]!, at[l]! + 32)
        mem.copyWithin(PRE + 33, at[l + 1]!, at[l + 1]! + 32)
        mem.write(hash('sha256', this.pre, 'binary'), HASHES + p * 32, 'binary')
        at[p] = HASHES + p * 32
      }
    }
    const kind = kinds[1]!
    if (kind !== LEAF) return { hash: this.hexAt(1), kind }
    return { hash: this.hexAt(1), kind, key: new Uint8Array(this.leafKey(this.leafSlot[1]!)) }
  }

  /** Stored bytes of the page (its root must be a branch). */
  encode(): Uint8Array {
    const { kinds, at, mem } = this
    let slotMask = 0
    let leafMask = 0
    let n = STAGE + 5
    for (let i = 0; i < 16; i++) {
      const p = 16 + i
      if (kinds[p] === EMPTY) continue
      slotMask |= 0x8000 >>> i
      if (kinds[p] === LEAF) leafMask |= 0x8000 >>> i
      mem.copyWithin(n, at[p]!, at[p]! + 32)
      n += 32
    }
    for (let i = 0; i < 16; i++) {
      if (kinds[16 + i] !== LEAF) continue
      mem.copyWithin(n, this.keyAt[i]!, this.keyAt[i]! + 32)
      n += 32
    }
    for (let p = 15; p >= 2; p--) {
      if (kinds[p] !== BRANCH) continue
      mem.copyWithin(n, at[p]!, at[p]! + 32)
      n += 32
    }
    mem[STAGE] = PAGE_TAG
    mem[STAGE + 1] = slotMask >>> 8
    mem[STAGE + 2] = slotMask & 0xff
    mem[STAGE + 3] = leafMask >>> 8
    mem[STAGE + 4] = leafMask & 0xff
    // From the shared slab (newBytes), not an ArrayBuffer per node; the copy fills it.
    const out = newBytes(n - STAGE)
    mem.copy(out, 0, STAGE, n)
    return out
  }

  // An empty position hashes to zeros; a position holding one leaf has that leaf's hash.
  private follow(p: number): void {
    const { kinds, at } = this
    if (kinds[p] === EMPTY) at[p] = ZEROS
    else {
      const c = kinds[2 * p] === LEAF ? 2 * p : 2 * p + 1
      at[p] = at[c]!
      this.leafSlot[p] = this.leafSlot[c]!
    }
  }
}

/** The 32 bytes of `hash` (64 lowercase hex digits, as the tree names nodes) at mem[at], decoded in JS. */
function putHash(mem: Buffer, hash: string, at: number): void {
  if (hash.length !== 64 || !decodeHexInto(hash, 0, 32, mem, at)) throw new Error(`not a tree hash: ${hash.slice(0, 20)}`)
}

/**
 * Slot `i` of stored page bytes, without loading the page: EMPTY_HEX if empty, else the hash
 * (hex) and, for a leaf, where its key is in `b`.
 */
export function pageSlot(b: Buffer, i: number): { hash: string; keyAt: number } {
  if (b[0] !== PAGE_TAG || b.length < 5) throw corrupt(b)
  const slotMask = b.readUInt16BE(1)
  const bit = 0x8000 >>> i
  if (!(slotMask & bit)) return { hash: EMPTY_HEX, keyAt: -1 }
  const at = 5 + 32 * popcount(slotMask >>> (16 - i))
  const leafMask = b.readUInt16BE(3)
  const keyAt = leafMask & bit ? 5 + 32 * (popcount(slotMask) + popcount(leafMask >>> (16 - i))) : -1
  if (at + 32 > b.length || keyAt + 32 > b.length) throw corrupt(b)
  return { hash: b.toString('hex', at, at + 32), keyAt }
}

function popcount(x: number): number {
  let n = 0
  for (; x; x &= x - 1) n++
  return n
}

// Compact tree: a subtree with one leaf is that leaf, so an empty side lets a lone leaf move up.
function combine(l: number, r: number): number {
  if (l === EMPTY) return r
  if (r === EMPTY) return l
  return BRANCH
}

function corrupt(b: Uint8Array): Error {
  return new Error(`corrupt tree page (${b.length} bytes, tag ${b[0]})`)
}
