/**
 * Signature items, and the ring the node hands single signatures to its verifying thread through.
 *
 * An item is ITEM_BYTES: a malformed flag, the public key (32), the signing hash (32) and the
 * signature (64). A part of another length (only a malformed transaction has one) is recorded
 * as zero bytes plus the flag, and verifies as false, as verifySignature would answer.
 *
 * The ring is one SharedArrayBuffer: a control block, RING_CAPACITY item slots and as many
 * verdict bytes. The main thread writes an item and bumps HEAD; the worker verifies it, writes
 * the verdict and bumps DONE. Only the main thread writes HEAD and only the worker writes DONE
 * (both int32 counters that wrap; a slot is `counter & (RING_CAPACITY - 1)`), so neither side
 * needs a lock. Handing a signature over is a few memory writes, not a message: on this kind of
 * machine a postMessage that wakes an idle thread costs the sender 30-60 µs, which was the
 * largest single cost of making blocks for concurrent senders. The worker therefore stays awake
 * for a moment after its last item, looking at the ring every NAP_MS, before it parks
 * (PARKED = 1, Atomics.wait on HEAD); the main thread wakes it only when it has parked.
 */
import { verifySignature } from '../crypto/verify.ts'

export const ITEM_BYTES = 1 + 32 + 32 + 64
/** Slots in the ring (a power of two); when all are taken, signatures are checked inline. */
export const RING_CAPACITY = 1024
/** Control block indexes (Int32Array). */
export const HEAD = 0
export const DONE = 1
export const PARKED = 2
export const CLOSING = 3
/** Set by the worker once it serves: the main thread sees it without its event loop turning. */
export const SERVING = 4
const CONTROL_BYTES = 32

export interface Ring {
  readonly control: Int32Array
  readonly items: Uint8Array
  readonly verdicts: Uint8Array
}

export function ringBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BYTES + RING_CAPACITY * (ITEM_BYTES + 1))
}

export function ringOf(buffer: SharedArrayBuffer): Ring {
  return {
    control: new Int32Array(buffer, 0, CONTROL_BYTES / 4),
    items: new Uint8Array(buffer, CONTROL_BYTES, RING_CAPACITY * ITEM_BYTES),
    verdicts: new Uint8Array(buffer, CONTROL_BYTES + RING_CAPACITY * ITEM_BYTES, RING_CAPACITY),
  }
}

/** Write an item (public key, message, signature) at byte offset `at` of `out`. */
export function packItem(out: Uint8Array, at: number, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): void {
  if (pk.length !== 32 || msg.length !== 32 || sig.length !== 64) {
    out.fill(0, at, at + ITEM_BYTES)
    out[at] = 1
    return
  }
  out[at] = 0
  out.set(pk, at + 1)
  out.set(msg, at + 33)
  out.set(sig, at + 65)
}

/** The verdict for the item at byte offset `at` of `p`, by the node's one verification rule. */
export function verifyPacked(p: Uint8Array, at: number): boolean {
  return p[at] === 0 && verifySignature(p.subarray(at + 1, at + 33), p.subarray(at + 33, at + 65), p.subarray(at + 65, at + 129))
}

/** How long the worker naps between looks at the ring while it stays awake (ms). */
const NAP_MS = 0.05

/**
 * The worker's side: answer items as they come, forever (until CLOSING). After the last item it
 * stays awake for `awakeMs` (a busy node sends the next one sooner) and then parks until woken.
 */
export function serveRing(ring: Ring, awakeMs: number): void {
  const { control, items, verdicts } = ring
  let done = Atomics.load(control, DONE)
  Atomics.store(control, SERVING, 1)
  for (;;) {
    if (Atomics.load(control, HEAD) !== done) {
      const slot = done & (RING_CAPACITY - 1)
      verdicts[slot] = verifyPacked(items, slot * ITEM_BYTES) ? 1 : 0
      done = (done + 1) | 0
      Atomics.store(control, DONE, done)
      Atomics.notify(control, DONE)
      continue
    }
    if (Atomics.load(control, CLOSING) !== 0) return
    // Awake for `awakeMs` more: the next item is usually a fraction of a millisecond away. It
    // naps in short timed waits, so the main thread need not wake it (no notify). A busy spin
    // here measured slower: the main thread then used more CPU per transaction, not less.
    const until = performance.now() + awakeMs
    while (Atomics.load(control, HEAD) === done && performance.now() < until) Atomics.wait(control, HEAD, done, NAP_MS)
    if (Atomics.load(control, HEAD) !== done) continue
    Atomics.store(control, PARKED, 1)
    // Re-read after announcing: an item written before the flag was seen is not missed.
    if (Atomics.load(control, HEAD) === done && Atomics.load(control, CLOSING) === 0) Atomics.wait(control, HEAD, done, 1000)
    Atomics.store(control, PARKED, 0)
  }
}
