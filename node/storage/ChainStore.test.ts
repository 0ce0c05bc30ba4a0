import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NS, closeChainStore, getValue, getValues, key, openChainStore, scanPrefix, scanRange, stateNodeKey, u32be, u64be, writeBatch } from './ChainStore.ts'

const backends = [
  ['map (in-memory default)', () => openChainStore(undefined)],
  ['memory-level', () => openChainStore(undefined, { memory: 'memory-level' })],
  ['LevelDB on disk', () => openChainStore(mkdtempSync(path.join(tmpdir(), 'tsvm-store-')))],
] as const

const b = (...xs: number[]) => new Uint8Array(xs)

describe.each(backends)('ChainStore over %s', (_name, open) => {
  it('batch puts and deletes, point and multi reads, prefix scans in key order with limit and reverse', async () => {
    const store = await open()
    try {
      await writeBatch(store, [
        { type: 'put', key: key(2, b(1, 2)), value: b(9) },
        { type: 'put', key: key(2, b(1, 1)), value: b(8) },
        { type: 'put', key: key(2, b(3)), value: b(7) },
        { type: 'put', key: key(3, b(1)), value: b(6) },
      ])
      await writeBatch(store, [{ type: 'del', key: key(2, b(3)) }])
      const arr = (v: Uint8Array | undefined) => (v === undefined ? undefined : Array.from(v))
      expect(arr(await getValue(store, key(2, b(1, 2))))).toEqual([9])
      expect(await getValue(store, key(2, b(3)))).toBeUndefined()
      expect((await getValues(store, [key(2, b(1, 1)), key(9)])).map(arr)).toEqual([[8], undefined])
      const scanned = await scanPrefix(store, key(2, b(1)))
      expect(scanned.map(([k, v]) => [Array.from(k), Array.from(v)])).toEqual([[[2, 1, 1], [8]], [[2, 1, 2], [9]]])
      expect((await scanPrefix(store, key(2), { reverse: true, limit: 1 })).map(([k]) => Array.from(k))).toEqual([[2, 1, 2]])
    } finally {
      await closeChainStore(store)
      if (store.location !== 'memory') rmSync(store.location, { recursive: true, force: true })
    }
  })

  it('range scans of the event index: bounds, limit and reverse across buckets, after out-of-order puts and deletes', async () => {
    const store = await open()
    try {
      // Event-index keys: contract (20 bytes), name id (8), height (8): buckets by contract+name.
      const ev = (contract: number, name: number, height: number) => key(NS.event, new Uint8Array(20).fill(contract), new Uint8Array(8).fill(name), b(0, 0, 0, 0, 0, 0, 0, height))
      const label = ([k]: [Uint8Array, Uint8Array]) => `${k[1]}/${k[21]}/${k[36]}`
      await writeBatch(store, [5, 1, 3].map((h) => ({ type: 'put' as const, key: ev(2, 1, h), value: b(h) })))
      await writeBatch(store, [
        { type: 'put', key: ev(2, 2, 4), value: b(4) },
        { type: 'put', key: ev(1, 1, 9), value: b(9) },
        { type: 'put', key: ev(2, 1, 2), value: b(2) },
        { type: 'put', key: ev(3, 1, 1), value: b(1) },
        { type: 'put', key: key(NS.event + 1, b(0)), value: b(0) },
      ])
      await writeBatch(store, [{ type: 'del', key: ev(2, 1, 3) }, { type: 'del', key: ev(2, 1, 7) }])
      const contract2 = key(NS.event, new Uint8Array(20).fill(2))
      expect((await scanPrefix(store, contract2)).map(label)).toEqual(['2/1/1', '2/1/2', '2/1/5', '2/2/4'])
      expect((await scanRange(store, { gte: ev(2, 1, 2), lt: ev(2, 1, 5) })).map(label)).toEqual(['2/1/2'])
      expect((await scanRange(store, { gte: ev(2, 1, 2), lt: ev(2, 2, 5) })).map(label)).toEqual(['2/1/2', '2/1/5', '2/2/4'])
      expect((await scanRange(store, { gte: ev(1, 1, 0), lt: ev(3, 0, 0), limit: 2 })).map(label)).toEqual(['1/1/9', '2/1/1'])
      expect((await scanRange(store, { gte: ev(1, 1, 0), lt: ev(3, 9, 0), reverse: true, limit: 3 })).map(label)).toEqual(['3/1/1', '2/2/4', '2/1/5'])
      expect((await scanPrefix(store, key(NS.event))).length).toBe(6)
      expect(Array.from((await scanRange(store, { gte: ev(2, 1, 5), limit: 1 }))[0]![1])).toEqual([5])
    } finally {
      await closeChainStore(store)
      if (store.location !== 'memory') rmSync(store.location, { recursive: true, force: true })
    }
  })
})

describe('key parts', () => {
  it('u64be and u32be: the big-endian bytes DataView writes, for numbers and bigints', () => {
    const dv64 = (n: number | bigint) => {
      const b = new Uint8Array(8)
      new DataView(b.buffer).setBigUint64(0, BigInt(n))
      return b
    }
    for (const n of [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 123_456_789_012, Number.MAX_SAFE_INTEGER, 0n, 2n ** 40n + 5n, 2n ** 64n - 1n]) {
      expect(u64be(n)).toEqual(dv64(n))
    }
    const dv32 = (n: number) => {
      const b = new Uint8Array(4)
      new DataView(b.buffer).setUint32(0, n)
      return b
    }
    for (const n of [0, 1, 255, 65_536, 2 ** 31, 2 ** 32 - 1]) expect(u32be(n)).toEqual(dv32(n))
  })

  it('stateNodeKey: the namespace byte then the 32 hash bytes; anything but 64 lowercase hex digits is refused', () => {
    const h = 'ab'.repeat(32)
    expect(stateNodeKey(h)).toEqual(key(NS.stateNode, Buffer.from(h, 'hex')))
    for (const bad of ['AB'.repeat(32), 'ab'.repeat(31), '0x' + 'ab'.repeat(31), 'zz'.repeat(32)]) expect(() => stateNodeKey(bad)).toThrow(TypeError)
  })
})
