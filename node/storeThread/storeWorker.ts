/**
 * The store thread's body (see StoreClient): opens the node's store (LevelDB at
 * `workerData.path`, or in memory), posts StoreReady, then answers StoreMessages until `close`.
 * Everything the node writes goes through here, so LevelDB is opened by this thread only.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads'
import { openChainStore } from '../storage/ChainStore.ts'
import { ownAllBytes, type StoreMessage, type StoreReady, type StoreReply } from './protocol.ts'
import { StoreServiceError, createStoreService, serveRequest } from './serveStore.ts'

const port = parentPort!
/** How long the thread keeps looking for the next request after one (ms), and its nap between looks. */
const AWAKE_MS = 2
const NAP_MS = 0.05
const { path, replies } = workerData as { path: string | undefined; replies: MessagePort }

const codeOf = (e: unknown): string => {
  if (e instanceof StoreServiceError) return e.code
  // LevelDB allows one process per directory: another node has it open.
  if ((e as { cause?: { code?: string } } | undefined)?.cause?.code === 'LEVEL_LOCKED') return 'NODE_DATA_LOCKED'
  return 'NODE_STORE_FAILED'
}
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

try {
  const store = await openChainStore(path)
  const service = await createStoreService(store)
  const handle = ({ id, request }: StoreMessage): void => {
    serveRequest(service, request).then(
      (value) => {
        replies.postMessage({ id, ok: true, value: ownAllBytes(value) } satisfies StoreReply)
        // Closed: the main thread ends the thread once it has this answer (ending it here could
        // race the answer, and the main thread would take the exit for a failure).
        if (request.op === 'close') closed = true
      },
      (e: unknown) => replies.postMessage({ id, ok: false, error: { code: codeOf(e), message: messageOf(e) } } satisfies StoreReply),
    )
  }
  // Awake after a request: take the next ones off the port directly (receiveMessageOnPort), with
  // short naps between looks, rather than going back to the event loop's wait. A message to a
  // thread blocked in that wait costs its sender a wake-up of the thread (30-40 µs of the main
  // thread's time on this kind of machine, per block); a message to an awake one costs the copy.
  let awake = false
  let closed = false
  let lastWork = 0
  const nap = new Int32Array(new SharedArrayBuffer(4))
  const poll = (): void => {
    if (closed) return
    const m = receiveMessageOnPort(port)
    if (m !== undefined) {
      handle(m.message as StoreMessage)
      lastWork = performance.now()
    } else if (performance.now() - lastWork > AWAKE_MS) {
      awake = false
      return
    } else Atomics.wait(nap, 0, 0, NAP_MS)
    // Through the event loop between looks: a seal's promises and LevelDB's callbacks run.
    setImmediate(poll)
  }
  port.on('message', (m: StoreMessage) => {
    handle(m)
    lastWork = performance.now()
    if (!awake) {
      awake = true
      setImmediate(poll)
    }
  })
  port.postMessage({ ready: true, head: ownAllBytes(service.head), treeNodesInCache: store.treeNodesInCache } satisfies StoreReady)
} catch (e) {
  // The main thread learns of it as a failed start, with the reason.
  port.postMessage({ id: 0, ok: false, error: { code: codeOf(e), message: messageOf(e) } } satisfies StoreReply)
}
