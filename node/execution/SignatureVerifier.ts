import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { signingHash } from '../chain/signingHash.ts'
import type { SignedTransaction } from '../chain/types.ts'
import { verifySignature } from '../crypto/verify.ts'

type Item = [Uint8Array, Uint8Array, Uint8Array]
type Waiter = { readonly items: readonly Item[]; readonly resolve: (r: boolean[]) => void }

/**
 * Verifies signatures on worker threads: a block's transactions one chunk per worker (import),
 * and single transactions for the pool while the main thread is busy mining (`verifyOne`).
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
  /** Single verifications asked for in this tick, sent to a worker together. */
  private batch: Array<{ item: Item; resolve: (ok: boolean) => void }> = []
  /** Single verifications so far, by where they ran (for tests and diagnostics). */
  readonly singles = { inline: 0, worker: 0 }
  constructor(readonly threads = Math.max(1, Math.min(4, availableParallelism()))) {}

  private start(): void {
    if (this.workers.length > 0 || this.broken) return
    for (let i = 0; i < this.threads; i++) {
      const w = spawnWorker(new URL('./signatureWorker.ts', import.meta.url), import.meta.resolve('tsx/esm/api'))
      w.on('message', (m: { id: number; results: boolean[] } | { ready: true }) => {
        if ('ready' in m) {
          this.ready++
          for (const r of this.readyWaiters.splice(0)) r(true)
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

  /** A worker died or could not start: answer everything inline from now on. */
  private fail(): void {
    if (this.broken) return
    this.broken = true
    this.ready = 0
    for (const w of this.workers) void w.terminate()
    this.workers.length = 0
    for (const p of this.pending.values()) p.resolve(p.items.map(verifyItem))
    this.pending.clear()
    for (const r of this.readyWaiters.splice(0)) r(false)
  }

  /** Verifications waiting on a worker (or for the next batch to be sent). */
  get inFlight(): number {
    return this.pending.size + this.batch.length
  }

  /** Start the workers (if not yet) and wait for one to be up: true, or false if none can run. */
  workersUp(): Promise<boolean> {
    this.start()
    if (this.ready > 0 || this.broken) return Promise.resolve(this.ready > 0)
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
    const packed = packItems(items)
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
   * One transaction's verdict. With `offload` (the main thread has a block to make), on a
   * worker, batched with the others asked for before the current job yields; otherwise, or while no worker
   * is up yet (they are started on the first offload), inline, which is quickest when idle.
   */
  verifyOne(tx: SignedTransaction, offload: boolean): boolean | Promise<boolean> {
    const item = itemOf(tx)
    if (offload && !this.broken) this.start()
    if (!offload || this.ready === 0) {
      this.singles.inline++
      return verifyItem(item)
    }
    this.singles.worker++
    return new Promise<boolean>((resolve) => {
      // Sent once the current job yields, with whatever else arrived meanwhile: soon, so that
      // the worker checks it while the main thread goes on making blocks.
      if (this.batch.push({ item, resolve }) === 1) queueMicrotask(() => this.flush())
    })
  }

  private flush(): void {
    const batch = this.batch
    this.batch = []
    if (this.ready === 0) {
      for (const b of batch) b.resolve(verifyItem(b.item))
      return
    }
    // Always the first worker: one thread answers in the order asked, so a sender's transactions
    // reach the pool in the order they were sent.
    void this.post(batch.map((b) => b.item), 0).then((results) => batch.forEach((b, i) => b.resolve(results[i]!)))
  }

  async close(): Promise<void> {
    this.broken = true // no more workers
    const workers = this.workers.splice(0)
    for (const w of workers) w.removeAllListeners('exit')
    await Promise.all(workers.map((w) => w.terminate()))
    for (const p of this.pending.values()) p.resolve(p.items.map(verifyItem))
    this.pending.clear()
    for (const r of this.readyWaiters.splice(0)) r(false)
  }
}

const itemOf = (tx: SignedTransaction): Item => [tx.from, signingHash(tx), tx.signature]

/**
 * Items as one buffer, ITEM_BYTES each: public key (32), message (32), signature (64). A part
 * of another length (only a malformed transaction could have one) is recorded as zero bytes
 * plus a flag, so the worker answers false for it, as verifySignature would.
 */
export const ITEM_BYTES = 1 + 32 + 32 + 64
function packItems(items: readonly Item[]): Uint8Array {
  const out = new Uint8Array(items.length * ITEM_BYTES)
  items.forEach(([pk, msg, sig], i) => {
    const at = i * ITEM_BYTES
    if (pk.length !== 32 || msg.length !== 32 || sig.length !== 64) return void (out[at] = 1)
    out.set(pk, at + 1)
    out.set(msg, at + 33)
    out.set(sig, at + 65)
  })
  return out
}
const verifyItem = ([pk, msg, sig]: Item): boolean => verifySignature(pk, msg, sig)

/**
 * A worker running a TypeScript module: the sources run through tsx (as the node itself does),
 * so the worker registers tsx's loader (`tsxApi`: the resolved URL of tsx/esm/api) before
 * importing its entry.
 */
function spawnWorker(entry: URL, tsxApi: string): Worker {
  // tsx is resolved here, from this package: a worker's bare imports resolve from the working
  // directory, which in a user's project has no tsx of its own.
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(boot, { eval: true })
}

/** The sequential path: the reference the parallel one must agree with. */
export function verifySequential(txs: readonly SignedTransaction[]): boolean[] {
  return txs.map((tx) => verifySignature(tx.from, signingHash(tx), tx.signature))
}
