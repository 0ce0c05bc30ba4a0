import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads'
import type { SealOutcome, SealRequest, StoreHead } from '../blocks/sealBlock.ts'
import type { FlatUndo } from '../blocks/undoBlocks.ts'
import type { RemoteStore, Write } from '../storage/ChainStore.ts'
import { spawnWorker } from '../workers/spawnWorker.ts'
import { ownBytes, type StoreAnswers, type StoreMessage, type StoreProof, type StoreReady, type StoreReply, type StoreRequest } from './protocol.ts'

/** Why the store thread could not do something, with a code (see StoreServiceError). */
export class StoreThreadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'StoreThreadError'
  }
}

/**
 * The node's handle on its store thread: a worker that owns the chain store (LevelDB or the
 * in-memory Map) and the state tree, and seals blocks (state root, header, one atomic batch).
 * Execution stays on the main thread; sealing and every write happen here, on the other core, so
 * the main thread can execute the next block while the store seals the last one. Every call is
 * one message; writes are done in the order asked. If the thread dies, every call from then on
 * fails with NODE_STORE_FAILED; what it committed is intact on disk.
 */
export class StoreClient implements RemoteStore {
  readonly remote = true
  /** Set once the thread has failed: every request is refused with it. */
  failure: StoreThreadError | undefined
  private seq = 0
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private closing = false
  constructor(
    private readonly worker: Worker,
    private readonly replies: MessagePort,
    /** Where the data lives (a LevelDB directory), or 'memory'. */
    readonly location: string,
    /** State-tree nodes live in the store thread's cache only, not in the store (the in-memory Map). */
    readonly treeNodesInCache: boolean,
    /** The head the store held when it opened (undefined: an empty store). */
    readonly openedAt: StoreHead | undefined,
  ) {
    replies.on('message', (m: StoreReply) => this.answer(m))
    replies.unref()
    worker.on('error', (e) => this.fail(new StoreThreadError('NODE_STORE_FAILED', `the store thread failed: ${e.message}`)))
    worker.on('exit', () => this.fail(new StoreThreadError('NODE_STORE_FAILED', 'the store thread stopped')))
    worker.unref()
  }

  /** Ask the store thread; answers come back in order for writes. */
  request<R extends StoreRequest>(request: R): Promise<StoreAnswers[R['op']]> {
    if (this.failure) return Promise.reject(this.failure)
    const id = ++this.seq
    const answer = new Promise<StoreAnswers[R['op']]>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }))
    // Keep the process alive while an answer is owed; an idle store thread must not.
    if (this.pending.size === 1) this.worker.ref()
    this.worker.postMessage({ id, request } satisfies StoreMessage)
    return answer
  }

  get(k: Uint8Array): Promise<Uint8Array | undefined> {
    return this.request({ op: 'get', key: ownBytes(k) })
  }
  getMany(keys: Uint8Array[]): Promise<Array<Uint8Array | undefined>> {
    return this.request({ op: 'getMany', keys: keys.map(ownBytes) })
  }
  range(r: { gte: Uint8Array; lt?: Uint8Array; limit: number; reverse: boolean }): Promise<Array<[Uint8Array, Uint8Array]>> {
    return this.request({ op: 'range', gte: ownBytes(r.gte), ...(r.lt ? { lt: ownBytes(r.lt) } : {}), limit: r.limit, reverse: r.reverse })
  }
  batch(writes: readonly Write[]): Promise<void> {
    return this.request({ op: 'batch', writes: writes.map((w) => (w.type === 'put' ? { type: 'put', key: ownBytes(w.key), value: ownBytes(w.value) } : { type: 'del', key: ownBytes(w.key) })) })
  }
  /** Seal and commit the next block on the store's head (its byte arrays own their buffers: sealRequestOf). */
  seal(request: SealRequest): Promise<SealOutcome> {
    return this.request({ op: 'seal', request })
  }
  /** Undo the blocks above `height`; the new head and the flat writes undone, in order. */
  undo(height: number): Promise<{ head: StoreHead; undo: FlatUndo[] }> {
    return this.request({ op: 'undo', height })
  }
  /** An account and some of its slots under `root`, with proofs. */
  prove(root: string, address: string, keys: readonly string[]): Promise<StoreProof> {
    return this.request({ op: 'prove', root, address, keys })
  }

  /** Close the store (after the writes asked before) and end the thread. */
  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    try {
      if (!this.failure) await this.request({ op: 'close' })
    } finally {
      this.worker.removeAllListeners('exit')
      await this.worker.terminate()
    }
  }

  /** Take the answers already sent off the reply port now, without waiting for the event loop's turn. */
  pollReplies(): void {
    for (let m = receiveMessageOnPort(this.replies); m !== undefined; m = receiveMessageOnPort(this.replies)) this.answer(m.message as StoreReply)
  }

  private answer(m: StoreReply): void {
    const p = this.pending.get(m.id)
    if (!p) return
    this.pending.delete(m.id)
    if (this.pending.size === 0) this.worker.unref()
    if (m.ok) p.resolve(m.value)
    else p.reject(new StoreThreadError(m.error.code, m.error.message))
  }

  private fail(e: StoreThreadError): void {
    if (this.failure) return
    this.failure = e
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
    this.worker.unref()
  }
}

/**
 * Start the store thread on `path` (a LevelDB directory) or in memory (undefined) and wait until
 * its store is open. Throws StoreThreadError if it cannot open it (the directory is locked by
 * another node, or damaged).
 */
export async function openStoreThread(path: string | undefined): Promise<StoreClient> {
  const channel = new MessageChannel()
  const worker = spawnWorker(new URL('./storeWorker.ts', import.meta.url), { path, replies: channel.port1 }, [channel.port1])
  const ready = await new Promise<StoreReady>((resolve, reject) => {
    const onMessage = (m: StoreReady | StoreReply) => {
      if (!('ready' in m) && m.id !== 0) return
      cleanup()
      if ('ready' in m) resolve(m)
      else reject(new StoreThreadError(m.ok ? 'NODE_STORE_FAILED' : m.error.code, m.ok ? 'unexpected answer' : m.error.message))
    }
    const onError = (e: Error) => {
      cleanup()
      reject(new StoreThreadError('NODE_STORE_FAILED', `the store thread could not start: ${e.message}`))
    }
    const onExit = () => {
      cleanup()
      reject(new StoreThreadError('NODE_STORE_FAILED', 'the store thread stopped while starting'))
    }
    const cleanup = () => {
      worker.off('message', onMessage)
      channel.port2.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
    }
    worker.on('message', onMessage)
    channel.port2.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
  }).catch(async (e: unknown) => {
    await worker.terminate()
    throw e
  })
  return new StoreClient(worker, channel.port2, path ?? 'memory', ready.treeNodesInCache, ready.head)
}
