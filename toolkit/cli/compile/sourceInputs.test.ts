import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFileRecorder, RACY_MS } from '../fileRecords.ts'
import { compilerStampOf, currentInputs } from './sourceInputs.ts'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsvm-source-inputs-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  return dir
}
/** A recorder for which every file written so far is old enough for its stat to be recorded. */
const later = () => createFileRecorder(Date.now() + RACY_MS + 1000)
/** Same size, mtime moved (to the past, so that the stat is recordable). */
function editKeepingSize(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8')
  expect(to.length).toBe(from.length)
  const { atime, mtime } = statSync(file)
  writeFileSync(file, text.replace(from, to))
  utimesSync(file, atime, new Date(mtime.getTime() - 7000))
}

describe('compilerStampOf (the compiler fingerprint)', () => {
  const sources = { 'compileContract.ts': 'export const version = 1\n', 'extractAbi.ts': 'export const abi = 1\n', 'extractAbi.test.ts': 'test\n' }

  it('behavior: unchanged sources: the previous stamp itself, from stats alone', () => {
    const dir = folder(sources)
    const first = compilerStampOf(dir, undefined, later())
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(Object.keys(first.inputs).filter((f) => f.startsWith(dir)).sort()).toEqual([path.join(dir, 'compileContract.ts'), path.join(dir, 'extractAbi.ts')])
    expect(compilerStampOf(dir, first, later())).toBe(first)
  })

  it('behavior: a compiler source edited (same size, mtime moved) changes the fingerprint', () => {
    const dir = folder(sources)
    const first = compilerStampOf(dir, undefined, later())
    editKeepingSize(path.join(dir, 'extractAbi.ts'), 'abi = 1', 'abi = 2')
    const second = compilerStampOf(dir, first, later())
    expect(second.fingerprint).not.toBe(first.fingerprint)
    // The same as computed from nothing.
    expect(compilerStampOf(dir, undefined, later()).fingerprint).toBe(second.fingerprint)
  })

  it('behavior: a compiler source added or removed changes the fingerprint; a test file does not', () => {
    const dir = folder(sources)
    const first = compilerStampOf(dir, undefined, later())
    writeFileSync(path.join(dir, 'extractAbi.test.ts'), 'another test\n')
    expect(compilerStampOf(dir, first, later()).fingerprint).toBe(first.fingerprint)
    writeFileSync(path.join(dir, 'sourceMap.ts'), 'export {}\n')
    const added = compilerStampOf(dir, first, later())
    expect(added.fingerprint).not.toBe(first.fingerprint)
    rmSync(path.join(dir, 'sourceMap.ts'))
    expect(compilerStampOf(dir, added, later()).fingerprint).toBe(first.fingerprint)
  })

  it('behavior: a touched source with the same content keeps the fingerprint, with its new stat', () => {
    const dir = folder(sources)
    const first = compilerStampOf(dir, undefined, later())
    const file = path.join(dir, 'compileContract.ts')
    const { atime, mtime } = statSync(file)
    utimesSync(file, atime, new Date(mtime.getTime() - 7000))
    const second = compilerStampOf(dir, first, later())
    expect(second).not.toBe(first)
    expect(second.fingerprint).toBe(first.fingerprint)
    expect(second.inputs[file]!.stat).not.toBe(first.inputs[file]!.stat)
  })

  it('a stamp that is not one (another format, hand-edited) is recomputed', () => {
    const dir = folder(sources)
    const first = compilerStampOf(dir, undefined, later())
    for (const bad of ['another', null, { fingerprint: 'x' }, { fingerprint: 'x', inputs: null }]) {
      expect(compilerStampOf(dir, bad as never, later()).fingerprint).toBe(first.fingerprint)
    }
  })
})

describe('currentInputs', () => {
  it('the recorded inputs themselves while unchanged; refreshed stats when touched; undefined when one changed', () => {
    const dir = folder({ 'a.ts': 'export const a = 1\n', 'b.ts': 'export const b = 1\n' })
    const recorder = later()
    const inputs = { 'a.ts': recorder.record(path.join(dir, 'a.ts')), 'b.ts': recorder.record(path.join(dir, 'b.ts')), 'gone.ts': recorder.record(path.join(dir, 'gone.ts')) }
    expect(currentInputs(dir, inputs, later())).toBe(inputs)

    const { atime, mtime } = statSync(path.join(dir, 'a.ts'))
    utimesSync(path.join(dir, 'a.ts'), atime, new Date(mtime.getTime() - 7000))
    const touched = currentInputs(dir, inputs, later())
    expect(touched).not.toBe(inputs)
    expect(touched!['a.ts']!.sha256).toBe(inputs['a.ts'].sha256)
    expect(touched!['a.ts']!.stat).not.toBe(inputs['a.ts'].stat)
    expect(touched!['b.ts']).toBe(inputs['b.ts'])

    editKeepingSize(path.join(dir, 'b.ts'), 'b = 1', 'b = 2')
    expect(currentInputs(dir, touched!, later())).toBeUndefined()
    writeFileSync(path.join(dir, 'gone.ts'), 'export {}\n')
    expect(currentInputs(dir, inputs, later())).toBeUndefined()
  })
})
