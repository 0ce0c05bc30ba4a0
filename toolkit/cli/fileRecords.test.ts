import { createHash } from 'node:crypto'
import { mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFileRecorder, RACY_MS, type FileRecord } from './fileRecords.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsvm-file-records-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sha = (text: string) => createHash('sha256').update(text).digest('hex')
let n = 0
function file(text: string): string {
  const f = path.join(dir, `f${n++}.ts`)
  writeFileSync(f, text)
  return f
}
/** A recorder for which every file written so far is old enough for its stat to be recorded. */
const later = () => createFileRecorder(Date.now() + RACY_MS + 1000)
/** Wait until the clock that stamps ctime has surely moved on (it may be as coarse as a kernel tick). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 30))

describe('createFileRecorder', () => {
  it('records the sha256 of the content and, for a file old enough, its stat', () => {
    const f = file('export const a = 1\n')
    const r = later().record(f)
    expect(r.sha256).toBe(sha('export const a = 1\n'))
    expect(r.stat).toEqual(expect.any(String))
  })

  it('behavior: a file modified within RACY_MS gets no stat: it is read and hashed again next time', () => {
    const f = file('export const a = 1\n')
    const r = createFileRecorder().record(f)
    expect(r).toEqual({ sha256: sha('export const a = 1\n') })
    const again = createFileRecorder().record(f, r)
    expect(again).not.toBe(r)
    expect(again.sha256).toBe(r.sha256)
  })

  it('behavior: an unchanged stat vouches for the content: the previous record is returned as it is', () => {
    const f = file('export const a = 1\n')
    const r = later().record(f)
    expect(later().record(f, r)).toBe(r)
    // A record whose content is not the file's, under the file's stat, is believed: the stat is the check.
    const forged: FileRecord = { ...r, sha256: 'forged' }
    expect(later().record(f, forged)).toBe(forged)
  })

  it('behavior: an edit that keeps the size, with the mtime moved, is detected', () => {
    const f = file('export const a = 1\n')
    const r = later().record(f)
    writeFileSync(f, 'export const a = 2\n')
    const { mtime } = statSync(f)
    utimesSync(f, mtime, new Date(mtime.getTime() + 5000))
    const now = later().record(f, r)
    expect(now.sha256).toBe(sha('export const a = 2\n'))
    expect(now.sha256).not.toBe(r.sha256)
  })

  it('behavior: an edit that keeps the size and restores the mtime (cp -p, touch -d) is detected by the ctime', async () => {
    const f = file('export const a = 1\n')
    const t = Math.floor(Date.now() / 1000) - 3600 // whole seconds: utimes sets them exactly
    utimesSync(f, t, t)
    const before = statSync(f)
    const r = later().record(f)
    await tick()
    writeFileSync(f, 'export const a = 3\n')
    utimesSync(f, t, t)
    const after = statSync(f)
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs])
    expect(after.ctimeMs).not.toBe(before.ctimeMs)
    expect(later().record(f, r).sha256).toBe(sha('export const a = 3\n'))
  })

  it('behavior: a file replaced by another one (renamed over it) with the same size and mtime is detected', async () => {
    const f = file('export const a = 1\n')
    const t = Math.floor(Date.now() / 1000) - 3600
    utimesSync(f, t, t)
    const r = later().record(f)
    const other = file('export const a = 4\n')
    utimesSync(other, t, t)
    renameSync(other, f)
    expect(statSync(f).mtimeMs).toBe(t * 1000)
    expect(later().record(f, r).sha256).toBe(sha('export const a = 4\n'))
  })

  it('behavior: a touched file with the same content keeps its hash and gets its new stat', () => {
    const f = file('export const a = 1\n')
    const r = later().record(f)
    const { atime, mtime } = statSync(f)
    utimesSync(f, atime, new Date(mtime.getTime() - 5000))
    const now = later().record(f, r)
    expect(now).not.toBe(r)
    expect(now.sha256).toBe(r.sha256)
    expect(now.stat).toEqual(expect.any(String))
    expect(now.stat).not.toBe(r.stat)
  })

  it("behavior: a missing file is 'missing', and stays current while it is missing", () => {
    const f = path.join(dir, 'nothing-here.ts')
    const r = later().record(f)
    expect(r).toEqual({ sha256: 'missing' })
    expect(later().record(f, r).sha256).toBe('missing')
    writeFileSync(f, 'x')
    expect(later().record(f, r).sha256).toBe(sha('x'))
  })

  it('one answer per file and recorder: the first one is kept', () => {
    const f = file('export const a = 1\n')
    const recorder = later()
    const r = recorder.record(f)
    writeFileSync(f, 'export const a = 5\n')
    expect(recorder.record(f)).toBe(r)
    expect(later().record(f, r).sha256).toBe(sha('export const a = 5\n'))
  })

  it('read() returns the bytes it recorded', () => {
    const f = file('export const b = 1\n')
    const { bytes, record } = later().read(f)
    expect(bytes.toString()).toBe('export const b = 1\n')
    expect(record.sha256).toBe(sha('export const b = 1\n'))
    expect(() => later().read(path.join(dir, 'absent.ts'))).toThrow(expect.objectContaining({ code: 'ENOENT' }))
  })
})
