import { readFileSync, statSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../config/resolveConfig.ts'
import { RACY_MS } from '../fileRecords.ts'
import { createProject, STEP_SOURCE, type Project } from '../fixtures/project.ts'
import type { BuildCache } from './buildCache.ts'
import { compileProject } from './compileProject.ts'

/**
 * The build cache's stat prefilter (fileRecords.ts), through compileProject: what is rebuilt
 * after edits that keep a file's size, after a touch, and for files written just now.
 */
let project: Project
beforeAll(() => {
  project = createProject()
})
afterAll(() => project.remove())
afterEach(() => vi.restoreAllMocks())

const STEP = 'contracts/lib/step.ts'
const compile = () => compileProject(resolveConfig({}, { root: project.dir, env: {} }))
const cache = () => JSON.parse(project.read('artifacts/.cache.json')) as BuildCache
const cacheMtime = () => statSync(path.join(project.dir, 'artifacts/.cache.json')).mtimeMs
/** Run with a clock RACY_MS ahead, as if every file had been written long ago (their stats are recorded). */
function settled(): void {
  const now = Date.now
  vi.spyOn(Date, 'now').mockImplementation(() => now() + RACY_MS + 1000)
}
/** Set a file's mtime `ms` from where it is (its ctime moves to now, as with any utimes). */
function moveMtime(rel: string, ms: number): void {
  const file = path.join(project.dir, rel)
  const { atime, mtime } = statSync(file)
  utimesSync(file, atime, new Date(mtime.getTime() + ms))
}

describe('compileProject: the build cache and file stats', () => {
  it('behavior: inputs written just now are recorded without a stat; settled ones with theirs', async () => {
    const first = await compile()
    expect(first.failures).toEqual([])
    expect(first.compiled.map((c) => c.contract).sort()).toEqual(['Counter', 'Token'])
    expect(cache().format).toBe('tsvm-build-cache/2')
    expect(cache().entries['contracts/Counter.ts']!.inputs[STEP]).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })

    settled()
    const second = await compile()
    expect(second.compiled).toEqual([])
    expect(second.unchanged.toSorted()).toEqual(['Counter', 'Token'])
    // The hashes matched: the stats are recorded now (the cache is rewritten once for that).
    expect(cache().entries['contracts/Counter.ts']!.inputs[STEP]!.stat).toEqual(expect.any(String))
  }, 120_000)

  it('behavior: nothing changed: nothing rebuilt, the cache not rewritten', async () => {
    settled()
    const before = cacheMtime()
    const r = await compile()
    expect([r.compiled, r.unchanged.toSorted()]).toEqual([[], ['Counter', 'Token']])
    expect(cacheMtime()).toBe(before)
  }, 60_000)

  it('behavior: an input edited with its size unchanged and its mtime moved is rebuilt', async () => {
    settled()
    const edited = STEP_SOURCE.replace('return 1n', 'return 2n')
    expect(edited.length).toBe(STEP_SOURCE.length)
    project.write(STEP, edited)
    moveMtime(STEP, -60_000)
    const r = await compile()
    expect(r.compiled.map((c) => c.contract)).toEqual(['Counter'])
    expect(r.unchanged).toEqual(['Token'])
  }, 60_000)

  it('behavior: an input edited with its size and mtime unchanged (cp -p, touch -d) is rebuilt', async () => {
    settled()
    const file = path.join(project.dir, STEP)
    const t = Math.floor(Date.now() / 1000) - 3600 // whole seconds: utimes restores them exactly
    utimesSync(file, t, t)
    await compile() // records that stat
    expect(cache().entries['contracts/Counter.ts']!.inputs[STEP]!.stat).toEqual(expect.any(String))
    await new Promise((resolve) => setTimeout(resolve, 30)) // let the ctime clock move on
    const text = readFileSync(file, 'utf8')
    project.write(STEP, text.includes('return 2n') ? text.replace('return 2n', 'return 3n') : text.replace('return 1n', 'return 3n'))
    utimesSync(file, t, t)
    const r = await compile()
    expect(r.compiled.map((c) => c.contract)).toEqual(['Counter'])
  }, 60_000)

  it('behavior: a touched input with the same content rebuilds nothing, and its new stat is recorded', async () => {
    settled()
    const before = cache().entries['contracts/Counter.ts']!.inputs[STEP]!
    moveMtime(STEP, -60_000)
    const r = await compile()
    expect([r.compiled, r.unchanged.toSorted()]).toEqual([[], ['Counter', 'Token']])
    const after = cache().entries['contracts/Counter.ts']!.inputs[STEP]!
    expect(after.sha256).toBe(before.sha256)
    expect(after.stat).toEqual(expect.any(String))
    expect(after.stat).not.toBe(before.stat)
  }, 60_000)

  it('behavior: a cache of another format is not used (everything rebuilt)', async () => {
    project.write('artifacts/.cache.json', JSON.stringify({ ...cache(), format: 'tsvm-build-cache/1' }))
    const r = await compile()
    expect(r.compiled.map((c) => c.contract).sort()).toEqual(['Counter', 'Token'])
  }, 120_000)
})
