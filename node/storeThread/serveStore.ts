import { META } from '../blocks/commitBlock.ts'
import { sealBlock, type StoreHead } from '../blocks/sealBlock.ts'
import { undoBlocks } from '../blocks/undoBlocks.ts'
import { decodeHeaderOfBlock } from '../chain/encodeBlock.ts'
import { ownHexBytes } from '../codec/hex.ts'
import { proveKey } from '../state/proveKey.ts'
import { accountKey, storageKey } from '../state/stateKeys.ts'
import { CachedNodeStore } from '../storage/CachedNodeStore.ts'
import { NS, closeChainStore, getValue, getValues, key, scanRange, writeBatch, type ChainStore } from '../storage/ChainStore.ts'
import type { StoreAnswers, StoreProof, StoreRequest } from './protocol.ts'

/**
 * The store thread's state: the store, the state-tree nodes in front of it, and the head as
 * the store last committed it (the parent of the next seal).
 */
export interface StoreService {
  readonly store: ChainStore
  readonly nodes: CachedNodeStore
  head: StoreHead | undefined
  /** Writes (batches, seals, undos) run one after another, in the order asked. */
  writes: Promise<unknown>
}

/** Open the service over an open store: the head is read from it (undefined: an empty store). */
export async function createStoreService(store: ChainStore): Promise<StoreService> {
  const nodes = new CachedNodeStore(store)
  const headHash = await getValue(store, META.head)
  let head: StoreHead | undefined
  if (headHash === undefined) nodes.startsEmpty()
  else {
    const bytes = await getValue(store, key(NS.block, headHash))
    if (!bytes) throw new StoreServiceError('NODE_DATA_CORRUPT', 'the head block is missing from the data directory; restore it from a backup')
    head = { hash: '0x' + Buffer.from(headHash).toString('hex'), header: decodeHeaderOfBlock(bytes) }
  }
  return { store, nodes, head, writes: Promise.resolve() }
}

/** A failure the store thread reports with a code (anything else is reported as NODE_STORE_FAILED). */
export class StoreServiceError extends Error {
  constructor(
    readonly code: 'NODE_DATA_CORRUPT' | 'NODE_STORE_FAILED',
    message: string,
  ) {
    super(message)
    this.name = 'StoreServiceError'
  }
}

/** Answer one request. Writes are queued behind the writes before them; reads are answered at once. */
export function serveRequest<R extends StoreRequest>(service: StoreService, request: R): Promise<StoreAnswers[R['op']]> {
  const write = (work: () => Promise<unknown>) => {
    const run = service.writes.then(work)
    service.writes = run.catch(() => undefined)
    return run as Promise<StoreAnswers[R['op']]>
  }
  const r = request as StoreRequest
  switch (r.op) {
    case 'get':
      return getValue(service.store, r.key) as Promise<StoreAnswers[R['op']]>
    case 'getMany':
      return getValues(service.store, r.keys) as Promise<StoreAnswers[R['op']]>
    case 'range':
      return scanRange(service.store, { gte: r.gte, ...(r.lt ? { lt: r.lt } : {}), limit: r.limit, reverse: r.reverse }) as Promise<StoreAnswers[R['op']]>
    case 'batch':
      return write(() => writeBatch(service.store, r.writes))
    case 'seal':
      return write(async () => {
        const outcome = await sealBlock(service.store, service.nodes, service.head, r.request)
        if (outcome.ok) service.head = { hash: outcome.hash, header: outcome.header }
        return outcome
      })
    case 'undo':
      return write(async () => {
        if (!service.head) throw new StoreServiceError('NODE_STORE_FAILED', 'nothing to undo: the store is empty')
        return undoBlocks(service.store, service.head, r.height, (head) => (service.head = head))
      })
    case 'prove':
      // Behind the writes: a seal between the prefetch and the walk could evict what was fetched.
      return write(() => prove(service, r.root, r.address, r.keys))
    case 'close':
      return write(() => closeChainStore(service.store))
  }
}

async function prove(service: StoreService, rootHex: string, address: string, keys: readonly string[]): Promise<StoreProof> {
  const root = ownHexBytes(rootHex)
  const treeKeys = [{ key: accountKey(address) }, ...keys.map((k) => ({ key: storageKey(address, k) }))]
  await service.nodes.prefetch(root, treeKeys)
  return {
    account: proveKey(service.nodes, root, accountKey(address)),
    storage: keys.map((k) => ({ key: k, ...proveKey(service.nodes, root, storageKey(address, k)) })),
  }
}
