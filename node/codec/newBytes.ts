/**
 * Zeroed byte arrays for small values the node makes by the thousand per block (encodings, store
 * keys), carved from a shared slab as Buffer.allocUnsafe carves its pool: a new ArrayBuffer per
 * value costs an allocation and a GC-tracked backing store each. The result is a plain
 * Uint8Array (its `slice` copies) over bytes of its own; only its `.buffer` is shared, so never
 * transfer or wrap that buffer whole.
 */
export function newBytes(n: number): Uint8Array {
  if (n > SLAB_MAX) return new Uint8Array(n)
  if (slabAt + n > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES)
    slabAt = 0
  }
  const out = new Uint8Array(slab, slabAt, n)
  slabAt += (n + 7) & ~7
  return out
}

/** 32 KiB: a slab is shared by tens to hundreds of values (tree pages are up to 1.5 KiB), and one kept alive keeps it. */
const SLAB_BYTES = 32 * 1024
const SLAB_MAX = 2048
let slab = new ArrayBuffer(SLAB_BYTES)
let slabAt = 0
