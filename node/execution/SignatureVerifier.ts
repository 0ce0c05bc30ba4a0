import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { signingHash } from '../chain/signingHash.ts'
import type { SignedTransaction } from '../chain/types.ts'
import { verifySignature } from '../crypto/verify.ts'

type Item = [Uint8Array, Uint8Array, Uint8Array]

/**
 * Verifies the signatures of a block's transactions on worker threads, one chunk per worker.
 * Each worker runs the same `verifySignature` as the sequential path, so the verdicts are the
 * same; only the wall time differs. Small batches are verified inline (a round trip to a
 * worker costs more than a few verifies).
 */
export class SignatureVerifier {
  private readonly workers: Worker[] = []
  private readonly pending = new Map<number, { resolve: (r: boolean[]) => void; reject: (e: Error) => void }>()
  private seq = 0
  constructor(readonly threads = Math.max(1, Math.min(4, availableParallelism()))) {}

  private start(): void {
    if (this.workers.length > 0) return
    for (let i = 0; i < this.threads; i++) {
      const w = spawnWorker(new URL('./signatureWorker.ts', import.meta.url))
      w.on('message', (m: { id: number; results: boolean[] }) => {
        this.pending.get(m.id)?.resolve(m.results)
        this.pending.delete(m.id)
        // Idle workers must not keep the process alive.
        if (this.pending.size === 0) for (const x of this.workers) x.unref()
      })
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e)
        this.pending.clear()
      })
      w.unref()
      this.workers.push(w)
    }
  }

  /** Verdict per transaction, in order. */
  async verify(txs: readonly SignedTransaction[]): Promise<boolean[]> {
    const items: Item[] = txs.map((tx) => [tx.from, signingHash(tx), tx.signature])
    if (items.length < 64) return items.map(([pk, msg, sig]) => verifySignature(pk, msg, sig))
    this.start()
    const size = Math.ceil(items.length / this.workers.length)
    const parts = await Promise.all(
      this.workers.map((w, i) => {
        const chunk = items.slice(i * size, (i + 1) * size)
        if (chunk.length === 0) return Promise.resolve([] as boolean[])
        const id = ++this.seq
        return new Promise<boolean[]>((resolve, reject) => {
          this.pending.set(id, { resolve, reject })
          w.ref()
          w.postMessage({ id, items: chunk })
        })
      }),
    )
    return parts.flat()
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
    this.workers.length = 0
  }
}

/**
 * A worker running a TypeScript module: the sources run through tsx (as the node itself does),
 * so the worker registers tsx's loader before importing its entry.
 */
function spawnWorker(entry: URL): Worker {
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(boot, { eval: true })
}

/** The sequential path: the reference the parallel one must agree with. */
export function verifySequential(txs: readonly SignedTransaction[]): boolean[] {
  return txs.map((tx) => verifySignature(tx.from, signingHash(tx), tx.signature))
}
