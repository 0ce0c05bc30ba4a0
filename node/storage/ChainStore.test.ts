import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeChainStore, getValue, getValues, key, openChainStore, scanPrefix, writeBatch } from './ChainStore.ts'

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
})
