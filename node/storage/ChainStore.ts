import type { AbstractLevel } from 'abstract-level'
import { Level } from 'level'
import { MemoryLevel } from 'memory-level'

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
 * 'memory-level' })`), and the storage tests run over all three backends.
 */
export type Db = AbstractLevel<Uint8Array | string, Uint8Array, Uint8Array>

/** An in-memory ordered key-value store with the few operations the node needs. */
export class MapBackend {
  readonly map = new Map<string, Uint8Array>()
  /** Sorted keys, rebuilt on the first scan after a write (scans are rare: log queries). */
  private sorted: string[] | undefined
  get(k: Uint8Array): Uint8Array | undefined {
    return this.map.get(Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1'))
  }
  batch(writes: readonly Write[]): void {
    for (const w of writes) {
      const k = Buffer.from(w.key.buffer, w.key.byteOffset, w.key.byteLength).toString('latin1')
      if (w.type === 'put') this.map.set(k, w.value)
      else this.map.delete(k)
    }
    this.sorted = undefined
  }
  scan(prefix: Uint8Array, limit: number, reverse: boolean): Array<[Uint8Array, Uint8Array]> {
    this.sorted ??= [...this.map.keys()].sort()
    const p = Buffer.from(prefix).toString('latin1')
    const out: Array<[Uint8Array, Uint8Array]> = []
    const keys = reverse ? [...this.sorted].reverse() : this.sorted
    for (const k of keys) {
      if (!k.startsWith(p)) {
        if (!reverse && k > p) break
        continue
      }
      out.push([Buffer.from(k, 'latin1'), this.map.get(k)!])
      if (limit >= 0 && out.length >= limit) break
    }
    return out
  }
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

export class ChainStore {
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
  if (path === undefined && options.memory !== 'memory-level') return new ChainStore(new MapBackend(), 'memory')
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
  const out = new Uint8Array(n)
  out[0] = ns
  let at = 1
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Big-endian u64 bytes: keeps heights sorted in key order. */
export function u64be(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(n))
  return out
}

/** Big-endian u32 bytes. */
export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

/** Read one value, undefined when absent. */
export async function getValue(store: ChainStore, k: Uint8Array): Promise<Uint8Array | undefined> {
  if (store.db instanceof MapBackend) return store.db.get(k)
  const v = await store.db.get(k)
  return v === undefined || v === null ? undefined : v
}

/** Read many values at once (one round trip), undefined for absent keys. */
export async function getValues(store: ChainStore, keys: Uint8Array[]): Promise<Array<Uint8Array | undefined>> {
  if (keys.length === 0) return []
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
export async function writeBatch(store: ChainStore, writes: readonly Write[]): Promise<void> {
  if (store.db instanceof MapBackend) return store.db.batch(writes)
  await store.db.batch(writes as Write[])
}

/** Every [key, value] whose key starts with `prefix`, in key order (and at most `limit`). */
export async function scanPrefix(store: ChainStore, prefix: Uint8Array, options: { limit?: number; reverse?: boolean } = {}): Promise<Array<[Uint8Array, Uint8Array]>> {
  if (store.db instanceof MapBackend) return store.db.scan(prefix, options.limit ?? -1, options.reverse ?? false)
  const upper = prefixEnd(prefix)
  const out: Array<[Uint8Array, Uint8Array]> = []
  const range = { gte: prefix, ...(upper ? { lt: upper } : {}), limit: options.limit ?? -1, reverse: options.reverse ?? false }
  for await (const [k, v] of store.db.iterator(range)) out.push([k as Uint8Array, v])
  return out
}

/** Smallest key greater than every key with `prefix` (undefined when prefix is all 0xff). */
function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = prefix.slice()
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++
      return end.slice(0, i + 1)
    }
  }
  return undefined
}
