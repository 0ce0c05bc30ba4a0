import type { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { signingHash } from '../chain/signingHash.ts'
import type { SignedTransaction } from '../chain/types.ts'
import { verifySignature } from '../crypto/verify.ts'
import { bytesEqual } from '../state/treeHash.ts'
import { spawnWorker } from '../workers/spawnWorker.ts'
import { CLOSING, DONE, HEAD, ITEM_BYTES, PARKED, RING_CAPACITY, SERVING, packItem, ringBuffer, ringOf, type Ring } from './signatureRing.ts'

type Item = [Uint8Array, Uint8Array, Uint8Array]
/**
 * Atomics.waitAsync (Node 16+), typed here rather than through lib "ES2024.SharedMemory": the
 * toolkit's projects type-check these sources with their own tsconfig, which need not list it.
 */
type AtomicsWaitAsync = {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> }
}
type Waiter = { readonly items: readonly Item[]; readonly resolve: (r: boolean[]) => void }

/**
 * Verifies signatures on worker threads: a block's transactions one chunk per worker (import),
 * and single transactions for the pool while the main thread is busy mining (`verifyOne`),
 * handed to one more thread through a shared ring (signatureRing.ts) rather than as messages.
 * Each worker runs the same `verifySignature` as the sequential path, so the verdicts are the
 * same; only the wall time differs. Small batches are verified inline (a round trip to a
 * worker costs more than a few verifies), and so is everything until a worker is up, or after
 * a worker failed: a verdict never waits on a thread that is not there.
 */
export class SignatureVerifier {
  private readonly workers: Worker[] = []
  private readonly pending = new Map<number, Waiter>()
  private seq = 0
  private ready = 0
  private readyWaiters: Array<(up: boolean) => void> = []
  private broken = false
  private next = 0
  /** The single-signature thread and its ring, once started; `ringUp` once it serves. */
  private ringWorker: Worker | undefined
  private ring: Ring | undefined
  private ringUp = false
  /** Single verifications handed to the ring, oldest first from `ringFirst`; `seq` is its HEAD count. */
  private ringWaiters: Array<{ seq: number; item: Item; resolve: (ok: boolean) => void }> = []
  private ringFirst = 0
  private ringWatching = false
  /** Single verifications so far, by where they ran (for tests and diagnostics). */
  readonly singles = { inline: 0, worker: 0 }
  /** When the last single verification was asked for (performance.now()). */
  private lastSingleAt = -Infinity
  /** The sender (public key) of the last single verification. */
  private lastFrom: Uint8Array = new Uint8Array(0)
  constructor(
    readonly threads = Math.max(1, Math.min(4, availableParallelism())),
    /** How long the ring thread stays awake for the next signature before it parks (ms). */
    readonly awakeMs = 2,
  ) {}

  private start(): void {
    if (this.workers.length > 0 || this.broken) return
    const buffer = ringBuffer()
    this.ring = ringOf(buffer)
    const rw = spawnWorker(new URL('./signatureWorker.ts', import.meta.url), { ring: buffer, awakeMs: this.awakeMs })
    rw.on('message', () => {
      this.ringUp = true
      this.announceReady()
    })
    rw.on('error', () => this.fail())
    rw.on('exit', () => this.fail())
    rw.unref()
    this.ringWorker = rw
    for (let i = 0; i < this.threads; i++) {
      const w = spawnWorker(new URL('./signatureWorker.ts', import.meta.url))
      w.on('message', (m: { id: number; results: boolean[] } | { ready: true }) => {
        if ('ready' in m) {
          this.ready++
          this.announceReady()
          return
        }
        this.pending.get(m.id)?.resolve(m.results)
        this.pending.delete(m.id)
        // Idle workers must not keep the process alive.
        if (this.pending.size === 0) for (const x of this.workers) x.unref()
      })
      w.on('error', () => this.fail())
      w.on('exit', () => this.fail())
      w.unref()
      this.workers.push(w)
    }
  }

  /** Every kind of worker is up: the ring thread and at least one batch worker. */
  private get allUp(): boolean {
    return this.ringUp && this.ready > 0
  }

  private announceReady(): void {
    if (this.allUp) for (const r of this.readyWaiters.splice(0)) r(true)
  }

  /** A worker died or could not start: answer everything inline from now on. */
  private fail(): void {
    if (this.broken) return
    this.broken = true
    this.ready = 0
    this.stopRing()
    for (const w of this.workers) void w.terminate()
    this.workers.length = 0
    for (const p of this.pending.values()) p.resolve(p.items.map(verifyItem))
    this.pending.clear()
    this.answerRingInline()
    for (const r of this.readyWaiters.splice(0)) r(false)
  }

  /** Tell the ring thread to stop and let it go. */
  private stopRing(): void {
    this.ringUp = false
    const rw = this.ringWorker
    this.ringWorker = undefined
    if (!rw) return
    rw.removeAllListeners('exit')
    Atomics.store(this.ring!.control, CLOSING, 1)
    Atomics.notify(this.ring!.control, HEAD)
    void rw.terminate()
  }

  /** Answer what the ring still owes, here. */
  private answerRingInline(): void {
    const waiting = this.ringWaiters.slice(this.ringFirst)
    this.ringWaiters = []
    this.ringFirst = 0
    for (const w of waiting) w.resolve(verifyItem(w.item))
  }

  /** Verifications waiting on a worker. */
  get inFlight(): number {
    return this.pending.size + this.ringWaiters.length - this.ringFirst
  }

  /** Start the workers (if not yet) and wait for them to be up: true, or false if they cannot run. */
  workersUp(): Promise<boolean> {
    this.start()
    if (this.allUp || this.broken) return Promise.resolve(!this.broken)
    // Keep the process alive while waiting: idle workers are unref'd.
    for (const w of this.workers) w.ref()
    return new Promise((resolve) => this.readyWaiters.push(resolve)).then((up) => {
      if (this.pending.size === 0) for (const w of this.workers) w.unref()
      return up as boolean
    })
  }

  private post(items: readonly Item[], worker = this.next++ % this.workers.length): Promise<boolean[]> {
    const w = this.workers[worker]!
    const id = ++this.seq
    // One packed buffer, moved rather than copied: posting the arrays themselves would clone
    // each one's whole backing buffer (often an 8 KiB pool slab) per item.
    const packed = new Uint8Array(items.length * ITEM_BYTES)
    items.forEach(([pk, msg, sig], i) => packItem(packed, i * ITEM_BYTES, pk, msg, sig))
    return new Promise<boolean[]>((resolve) => {
      this.pending.set(id, { items, resolve })
      w.ref()
      w.postMessage({ id, packed }, [packed.buffer as ArrayBuffer])
    })
  }

  /** Verdict per transaction, in order. */
  async verify(txs: readonly SignedTransaction[]): Promise<boolean[]> {
    const items: Item[] = txs.map(itemOf)
    if (items.length < 64 || this.broken) return items.map(verifyItem)
    this.start()
    const size = Math.ceil(items.length / this.workers.length)
    const parts = await Promise.all(
      this.workers.map((_, i) => {
        const chunk = items.slice(i * size, (i + 1) * size)
        return chunk.length === 0 ? Promise.resolve([] as boolean[]) : this.post(chunk)
      }),
    )
    return parts.flat()
  }

  /**
   * One transaction's verdict. With `offload` (the main thread has a block to make), when the
   * previous one came from another sender within the awake window (a stream of concurrent
   * senders: over HTTP the next request usually arrives after the last block is done, so
   * `offload` alone missed most of them), or while the ring thread is still awake (handing over
   * then costs less than verifying here), on the ring thread; otherwise, or while it is not up yet
   * (it is started on the first offload) or the ring is full, inline, which is quickest for an
   * idle node. One sender awaiting each transaction before the next is neither a stream nor worth
   * a hand-over to an awake thread: the main thread would only wait for the verdict (in process,
   * 1,350 transfers/s instead of 1,900), so the same sender again is checked inline.
   */
  verifyOne(tx: SignedTransaction, offload: boolean): boolean | Promise<boolean> {
    const item = itemOf(tx)
    const now = performance.now()
    // A stream: waking the thread for the first costs less than verifying all of them here.
    const sameSender = bytesEqual(tx.from, this.lastFrom)
    if (now - this.lastSingleAt < this.awakeMs && !sameSender) offload = true
    this.lastSingleAt = now
    this.lastFrom = tx.from
    if (offload && !this.broken) this.start()
    const ring = this.ringServes() ? this.ring! : undefined
    if (ring === undefined || (!offload && (sameSender || Atomics.load(ring.control, PARKED) === 1))) return this.inline(item)
    const head = Atomics.load(ring.control, HEAD)
    if (((head - Atomics.load(ring.control, DONE)) | 0) >= RING_CAPACITY) return this.inline(item)
    packItem(ring.items, (head & (RING_CAPACITY - 1)) * ITEM_BYTES, item[0], item[1], item[2])
    Atomics.store(ring.control, HEAD, (head + 1) | 0)
    if (Atomics.load(ring.control, PARKED) === 1) Atomics.notify(ring.control, HEAD)
    this.singles.worker++
    return new Promise<boolean>((resolve) => {
      this.ringWaiters.push({ seq: head, item, resolve })
      this.watchRing()
    })
  }

  /**
   * The ring thread serves. Read from the ring's own flag as well as its 'ready' message: a main
   * thread kept busy by promise continuations alone (an in-process node under concurrent senders)
   * may not turn its event loop for a long while, and the message waits for that turn.
   */
  private ringServes(): boolean {
    if (!this.ringUp && this.ringWorker !== undefined && Atomics.load(this.ring!.control, SERVING) === 1) {
      this.ringUp = true
      this.announceReady()
    }
    return this.ringUp
  }

  private inline(item: Item): boolean {
    this.singles.inline++
    return verifyItem(item)
  }

  /** Wait (without blocking) for the ring thread to answer, and hand out its verdicts in order. */
  private watchRing(): void {
    if (this.ringWatching || !this.ringUp) return
    const { control, verdicts } = this.ring!
    const done = Atomics.load(control, DONE)
    while (this.ringFirst < this.ringWaiters.length && ((done - this.ringWaiters[this.ringFirst]!.seq) | 0) > 0) {
      const w = this.ringWaiters[this.ringFirst++]!
      w.resolve(verdicts[w.seq & (RING_CAPACITY - 1)] === 1)
    }
    if (this.ringFirst === this.ringWaiters.length) {
      this.ringWaiters = []
      this.ringFirst = 0
      this.ringWorker?.unref()
      return
    }
    // Atomics.waitAsync does not keep the process alive; the ring thread does while it owes.
    this.ringWorker!.ref()
    this.ringWatching = true
    const wait = (Atomics as unknown as AtomicsWaitAsync).waitAsync(control, DONE, done)
    const next = () => {
      this.ringWatching = false
      this.watchRing()
    }
    if (wait.async) void wait.value.then(next)
    else queueMicrotask(next)
  }

  async close(): Promise<void> {
    this.broken = true // no more workers
    this.stopRing()
    this.answerRingInline()
    const workers = this.workers.splice(0)
    for (const w of workers) w.removeAllListeners('exit')
    await Promise.all(workers.map((w) => w.terminate()))
    for (const p of this.pending.values()) p.resolve(p.items.map(verifyItem))
    this.pending.clear()
    for (const r of this.readyWaiters.splice(0)) r(false)
  }
}

const itemOf = (tx: SignedTransaction): Item => [tx.from, signingHash(tx), tx.signature]

const verifyItem = ([pk, msg, sig]: Item): boolean => verifySignature(pk, msg, sig)

/** The sequential path: the reference the parallel one must agree with. */
export function verifySequential(txs: readonly SignedTransaction[]): boolean[] {
  return txs.map((tx) => verifySignature(tx.from, signingHash(tx), tx.signature))
}
