import type { AbstractLevel } from 'abstract-level'
import { Level } from 'level'
import { MemoryLevel } from 'memory-level'
import { decodeHexInto, latin1Of } from '../codec/hex.ts'
import { newBytes } from '../codec/newBytes.ts'

/**
 * The node's persistent store: LevelDB on disk (`level`), or an in-memory store for in-process
 * devnets and tests. It is the only module that imports level. Keys are byte strings with a
 * one-byte namespace prefix; every block is committed in ONE atomic batch (block, indexes,
 * receipts, state nodes, flat state, undo log, head pointer), so a crash at any moment leaves
 * the last committed block whole and nothing of the next.
 *
 * In memory, the default is a plain Map (`MapBackend`): `memory-level`'s persistent red-black
 * tree cost about 180 µs per automined block (a quarter of the node's time per transaction),
 * a Map about 10 µs. `memory-level` stays available (`openChainStore(undefined, { memory:
 * 'memory-level' })`), and the storage tests run over all three backends. Over the Map, state
 * nodes are kept by the node cache alone (see ChainStore.treeNodesInCache).
 */
export type Db = AbstractLevel<Uint8Array | string, Uint8Array, Uint8Array>

/**
 * An in-memory ordered key-value store with the few operations the node needs. Range scans
 * are served two ways: namespaces named in `ordered` (the event index, queried on every log
 * request) keep their keys sorted in buckets by a fixed-length key prefix, so a scan touches only
 * its own buckets and writes stay cheap (index keys arrive in order within a bucket: an append);
 * other namespaces are scanned from a full sort made on the first scan after a write (only
 * loading the flat state does that, once at start).
 */
export class MapBackend {
  readonly map = new Map<string, Uint8Array>()
  /** Sorted keys, rebuilt on the first scan after a write (for namespaces not in `ordered`). */
  private sorted: string[] | undefined
  /** Sorted keys per bucket (the first `ordered.get(ns)` bytes of the key), for ordered namespaces. */
  private readonly buckets = new Map<string, string[]>()
  constructor(
    /** Namespace byte → length of the key prefix that buckets its keys. */
    private readonly ordered: ReadonlyMap<number, number> = new Map(),
  ) {}
  get(k: Uint8Array): Uint8Array | undefined {
    return this.map.get(latin1(k))
  }
  batch(writes: readonly Write[]): void {
    for (const w of writes) {
      const k = latin1(w.key)
      const bucketBytes = this.ordered.get(w.key[0]!)
      if (w.type === 'put') {
        if (bucketBytes !== undefined && !this.map.has(k)) this.addToBucket(k, bucketBytes)
        this.map.set(k, w.value)
      } else {
        if (bucketBytes !== undefined && this.map.has(k)) this.removeFromBucket(k, bucketBytes)
        this.map.delete(k)
      }
    }
    this.sorted = undefined
  }
  /** Keys in [gte, lt) (lt undefined: no upper bound), in key order or reversed, at most `limit` (-1: all). */
  range(gte: Uint8Array, lt: Uint8Array | undefined, limit: number, reverse: boolean): Array<[Uint8Array, Uint8Array]> {
    const lo = latin1(gte)
    const hi = lt === undefined ? undefined : latin1(lt)
    const bucketBytes = gte.length > 0 ? this.ordered.get(gte[0]!) : undefined
    // Only an ordered namespace's own range may use its buckets.
    const lists =
      bucketBytes !== undefined && lt !== undefined && lt[0] === gte[0] ? this.bucketsIn(lo, hi!, bucketBytes) : [(this.sorted ??= [...this.map.keys()].sort())]
    const out: Array<[Uint8Array, Uint8Array]> = []
    for (const keys of reverse ? lists.reverse() : lists) {
      const first = lowerBound(keys, lo)
      const end = hi === undefined ? keys.length : lowerBound(keys, hi)
      for (let i = reverse ? end - 1 : first; reverse ? i >= first : i < end; i += reverse ? -1 : 1) {
        out.push([Buffer.from(keys[i]!, 'latin1'), this.map.get(keys[i]!)!])
        if (limit >= 0 && out.length >= limit) return out
      }
    }
    return out
  }
  /** The sorted key lists of the buckets that may hold keys in [lo, hi), in key order. */
  private bucketsIn(lo: string, hi: string, bucketBytes: number): string[][] {
    const from = lo.slice(0, bucketBytes)
    const names: string[] = []
    for (const name of this.buckets.keys()) if (name >= from && name < hi) names.push(name)
    return names.sort().map((name) => this.buckets.get(name)!)
  }
  private addToBucket(k: string, bucketBytes: number): void {
    const name = k.slice(0, bucketBytes)
    const keys = this.buckets.get(name)
    if (!keys) this.buckets.set(name, [k])
    else if (keys[keys.length - 1]! < k) keys.push(k)
    else keys.splice(lowerBound(keys, k), 0, k)
  }
  private removeFromBucket(k: string, bucketBytes: number): void {
    const name = k.slice(0, bucketBytes)
    const keys = this.buckets.get(name)!
    keys.splice(lowerBound(keys, k), 1)
    if (keys.length === 0) this.buckets.delete(name)
  }
}

/** A key's bytes as a one-byte string, made with no Buffer per key (those were ~40% of a block's batch under load). */
const latin1 = latin1Of

/** First index in sorted `keys` whose key is ≥ k. */
function lowerBound(keys: readonly string[], k: string): number {
  let a = 0
  let b = keys.length
  while (a < b) {
    const m = (a + b) >>> 1
    if (keys[m]! < k) a = m + 1
    else b = m
  }
  return a
}

/** Key namespaces. Append only: changing a byte orphans existing data directories. */
export const NS = {
  meta: 0x01,
  block: 0x02,
  canonical: 0x03,
  txLocation: 0x04,
  receipt: 0x05,
  stateNode: 0x06,
  code: 0x07,
  flat: 0x08,
  undo: 0x09,
  byAddress: 0x0a,
  event: 0x0b,
} as const

/**
 * Namespaces whose in-memory keys stay sorted, with the prefix length that buckets them: the
 * event index, by contract (20 bytes) and event name id (8), see commitBlock's eventKey.
 */
const ORDERED: ReadonlyMap<number, number> = new Map([[NS.event, 1 + 20 + 8]])

export class ChainStore {
  /**
   * State-tree nodes live in the node cache only (CachedNodeStore, which then never evicts), not
   * in this store: true for the in-memory Map, where a second copy of every node cost a Map entry
   * per node per block and bought nothing (the cache is memory too). LevelDB and memory-level
   * stores hold every node, and the cache in front of them is bounded.
   */
  get treeNodesInCache(): boolean {
    return this.db instanceof MapBackend
  }
  /**
   * The flat state (the head's accounts and slots, namespace NS.flat) is kept in this store, to
   * be loaded when the node starts again on it: LevelDB and memory-level. The in-memory Map never
   * outlives its node, so the node's own in-memory flat state is the only copy and blocks write
   * none here (their undo logs are kept all the same: revert reads them).
   */
  get flatInStore(): boolean {
    return !(this.db instanceof MapBackend)
  }
  constructor(
    readonly db: Db | MapBackend,
    /** Where the data lives, or 'memory'. */
    readonly location: string,
  ) {}
}

/**
 * Open (creating if needed) a LevelDB store at `path`, or an in-memory one when `path` is
 * undefined (a Map by default; `memory-level` on request).
 */
export async function openChainStore(path: string | undefined, options: { memory?: 'map' | 'memory-level' } = {}): Promise<ChainStore> {
  if (path === undefined && options.memory !== 'memory-level') return new ChainStore(new MapBackend(ORDERED), 'memory')
  const encodings = { keyEncoding: 'view', valueEncoding: 'view' } as const
  const db = (path === undefined ? new MemoryLevel<Uint8Array, Uint8Array>(encodings) : new Level<Uint8Array, Uint8Array>(path, encodings)) as unknown as Db
  await db.open()
  return new ChainStore(db, path ?? 'memory')
}

export async function closeChainStore(store: ChainStore): Promise<void> {
  if (!(store.db instanceof MapBackend)) await store.db.close()
}

/** A namespaced key: prefix byte then the parts, concatenated. */
export function key(ns: number, ...parts: Uint8Array[]): Uint8Array {
  let n = 1
  for (const p of parts) n += p.length
  const out = newBytes(n)
  out[0] = ns
  let at = 1
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Key of a state-tree node: its hash, 64 lowercase hex digits (no 0x), as the tree names it. */
export function stateNodeKey(hash: string): Uint8Array {
  const out = newBytes(33)
  out[0] = NS.stateNode
  if (hash.length !== 64 || !decodeHexInto(hash, 0, 32, out, 1)) throw new TypeError(`not a state node hash: ${hash.slice(0, 20)}`)
  return out
}

/** Big-endian u64 bytes: keeps heights sorted in key order. */
export function u64be(n: number | bigint): Uint8Array {
  const out = newBytes(8)
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) {
    writeU32(out, 0, Math.floor(n / 0x1_0000_0000))
    writeU32(out, 4, n >>> 0)
  } else {
    const v = BigInt.asUintN(64, BigInt(n))
    writeU32(out, 0, Number(v >> 32n))
    writeU32(out, 4, Number(v & 0xffff_ffffn))
  }
  return out
}

function writeU32(out: Uint8Array, at: number, n: number): void {
  out[at] = n >>> 24
  out[at + 1] = (n >>> 16) & 0xff
  out[at + 2] = (n >>> 8) & 0xff
  out[at + 3] = n & 0xff
}

/** Big-endian u32 bytes. */
export function u32be(n: number): Uint8Array {
  const out = newBytes(4)
  writeU32(out, 0, n)
  return out
}

/**
 * A store served by another thread (the node's store thread, node/storeThread): the same
 * operations, each a message. Declared here, where its users are, so this module needs nothing
 * of the thread's.
 */
export interface RemoteStore {
  readonly remote: true
  get(k: Uint8Array): Promise<Uint8Array | undefined>
  getMany(keys: Uint8Array[]): Promise<Array<Uint8Array | undefined>>
  range(range: { gte: Uint8Array; lt?: Uint8Array; limit: number; reverse: boolean }): Promise<Array<[Uint8Array, Uint8Array]>>
  batch(writes: readonly Write[]): Promise<void>
}

/** A store in this thread or on the store thread: what the read and write functions below take. */
export type AnyStore = ChainStore | RemoteStore

/** Read one value, undefined when absent. */
export async function getValue(store: AnyStore, k: Uint8Array): Promise<Uint8Array | undefined> {
  if ('remote' in store) return store.get(k)
  if (store.db instanceof MapBackend) return store.db.get(k)
  const v = await store.db.get(k)
  return v === undefined || v === null ? undefined : v
}

/** Read many values at once (one round trip), undefined for absent keys. */
export async function getValues(store: AnyStore, keys: Uint8Array[]): Promise<Array<Uint8Array | undefined>> {
  if (keys.length === 0) return []
  if ('remote' in store) return store.getMany(keys)
  if (store.db instanceof MapBackend) {
    const db = store.db
    return keys.map((k) => db.get(k))
  }
  const vs = await store.db.getMany(keys)
  return vs.map((v) => (v === undefined || v === null ? undefined : v))
}

/** One write of a batch. */
export type Write = { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array } | { readonly type: 'del'; readonly key: Uint8Array }

/** Commit `writes` atomically: all or nothing, even if the process dies mid-call. */
export async function writeBatch(store: AnyStore, writes: readonly Write[]): Promise<void> {
  if ('remote' in store) return store.batch(writes)
  if (store.db instanceof MapBackend) return store.db.batch(writes)
  await store.db.batch(writes as Write[])
}

/** Every [key, value] whose key starts with `prefix`, in key order (and at most `limit`). */
export async function scanPrefix(store: AnyStore, prefix: Uint8Array, options: { limit?: number; reverse?: boolean } = {}): Promise<Array<[Uint8Array, Uint8Array]>> {
  return scanRange(store, { gte: prefix, ...(prefixEnd(prefix) ? { lt: prefixEnd(prefix)! } : {}), ...options })
}

/** Every [key, value] with gte ≤ key < lt, in key order (or reversed), at most `limit`. */
export async function scanRange(store: AnyStore, range: { gte: Uint8Array; lt?: Uint8Array; limit?: number; reverse?: boolean }): Promise<Array<[Uint8Array, Uint8Array]>> {
  const limit = range.limit ?? -1
  const reverse = range.reverse ?? false
  if ('remote' in store) return store.range({ gte: range.gte, ...(range.lt ? { lt: range.lt } : {}), limit, reverse })
  if (store.db instanceof MapBackend) return store.db.range(range.gte, range.lt, limit, reverse)
  const out: Array<[Uint8Array, Uint8Array]> = []
  for await (const [k, v] of store.db.iterator({ gte: range.gte, ...(range.lt ? { lt: range.lt } : {}), limit, reverse })) out.push([k as Uint8Array, v])
  return out
}

/** Smallest key greater than every key with `prefix` (undefined when prefix is all 0xff). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = new Uint8Array(prefix) // a copy (a Buffer's slice would be a view)
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++
      return end.slice(0, i + 1)
    }
  }
  return undefined
}
