import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { RACY_MS } from '../cli/fileRecords.ts'
import { checkKey, rememberedCheck } from './rememberCheck.ts'

describe('checkKey', () => {
  it('same data, same key, whatever the order of the keys', () => {
    expect(checkKey({ a: 1, b: [true, 'x'] })).toBe(checkKey({ b: [true, 'x'], a: 1 }))
  })

  it('data that JSON would confuse gets different keys: undefined, null, missing; -0 and 0', () => {
    const keys = [{ a: undefined }, { a: null }, {}, { a: -0 }, { a: 0 }, [undefined], [null], []].map(checkKey)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('anything but plain data gets no key (it is checked every time)', () => {
    class Network {}
    const withSymbol = { [Symbol('s')]: 1 }
    for (const value of [{ a: () => 1 }, { a: new Network() }, { a: NaN }, { a: Infinity }, { a: 1n }, withSymbol, [1, , 2], { a: new Date(0) }]) {
      expect(checkKey(value)).toBeUndefined()
    }
  })
})

describe('rememberedCheck', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsvm-remember-check-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const schema = path.join(dir, 'configSchema.ts')
  const mark = path.join(dir, 'config.checked')
  afterEach(() => vi.restoreAllMocks())
  /** As if every file had been written long ago: their stats are recorded. */
  const settled = () => {
    const now = Date.now
    vi.spyOn(Date, 'now').mockImplementation(() => now() + RACY_MS + 1000)
  }

  it('behavior: a passed check is remembered for the same data under the same schema only', () => {
    settled()
    writeFileSync(schema, 'export const schema = 1\n')
    const key = checkKey({ gasReport: true })!
    const first = rememberedCheck(mark, key, schema)
    expect(first.passed).toBe(false)
    first.remember()
    expect(rememberedCheck(mark, key, schema).passed).toBe(true)
    expect(rememberedCheck(mark, checkKey({ gasReport: false })!, schema).passed).toBe(false)
  })

  it('behavior: the schema edited (same size, mtime moved): checked again', () => {
    settled()
    writeFileSync(schema, 'export const schema = 1\n')
    const key = checkKey({ gasReport: true })!
    rememberedCheck(mark, key, schema).remember()
    const { atime, mtime } = statSync(schema)
    writeFileSync(schema, 'export const schema = 2\n')
    utimesSync(schema, atime, new Date(mtime.getTime() - 5000))
    expect(rememberedCheck(mark, key, schema).passed).toBe(false)
  })

  it('behavior: the schema touched, same content: still passed, and its new stat remembered', () => {
    settled()
    writeFileSync(schema, 'export const schema = 1\n')
    const key = checkKey({ gasReport: true })!
    rememberedCheck(mark, key, schema).remember()
    const before = readFileSync(mark, 'utf8')
    const { atime, mtime } = statSync(schema)
    utimesSync(schema, atime, new Date(mtime.getTime() - 5000))
    expect(rememberedCheck(mark, key, schema).passed).toBe(true)
    const after = readFileSync(mark, 'utf8')
    expect(after).not.toBe(before)
    expect(JSON.parse(after).schema.sha256).toBe(JSON.parse(before).schema.sha256)
  })

  it('a mark of another format, or unreadable, is no verdict', () => {
    writeFileSync(schema, 'export const schema = 1\n')
    const key = checkKey({ gasReport: true })!
    writeFileSync(mark, key) // the format of tsvm-config-check/1: the bare key
    expect(rememberedCheck(mark, key, schema).passed).toBe(false)
    writeFileSync(mark, '{')
    expect(rememberedCheck(mark, key, schema).passed).toBe(false)
  })
})
