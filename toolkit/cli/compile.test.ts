import { existsSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runToolkit, STEP_SOURCE, tokenSource, type Project } from './fixtures/project.ts'

let project: Project
const compile = (...args: string[]) => runToolkit(['compile', ...args], project.dir)
const mtime = (name: string) => statSync(path.join(project.dir, 'artifacts', `${name}.json`)).mtimeMs
const mtimes = () => ({ Token: mtime('Token'), Counter: mtime('Counter') })

beforeAll(() => {
  project = createProject()
})
afterAll(() => project.remove())

describe('toolkit compile', () => {
  it('compile: writes an artifact per contract, none for a helper, and the build cache', async () => {
    const r = await compile()
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const token = JSON.parse(project.read('artifacts/Token.json'))
    expect(token).toMatchObject({ format: 'tsvm-artifact/1', contractName: 'Token', sourcePath: 'contracts/Token.ts' })
    expect(token.abi.methods.map((m: { name: string }) => m.name)).toContain('transfer')
    expect(JSON.parse(project.read('artifacts/Counter.json')).contractName).toBe('Counter')
    expect(existsSync(path.join(project.dir, 'artifacts/step.json'))).toBe(false)
    const cache = JSON.parse(project.read('artifacts/.cache.json'))
    // The helper is an input of Counter (followed from the source text), and the SDK of both.
    expect(Object.keys(cache.entries['contracts/Counter.ts'].inputs)).toContain('contracts/lib/step.ts')
    expect(Object.keys(cache.entries['contracts/Token.ts'].inputs).some((f) => f.endsWith('contracts/sdk/index.ts'))).toBe(true)
  })

  it('behavior: a second run rebuilds nothing', async () => {
    const before = mtimes()
    const r = await compile()
    expect(r.code).toBe(0)
    expect(mtimes()).toEqual(before)
  })

  it('behavior: editing one contract rebuilds only it', async () => {
    const before = mtimes()
    project.write('contracts/Token.ts', tokenSource() + '\n// edited\n')
    const r = await compile()
    expect(r.code).toBe(0)
    const after = mtimes()
    expect(after.Token).toBeGreaterThan(before.Token)
    expect(after.Counter).toBe(before.Counter)
  })

  it('behavior: editing a helper rebuilds only the contracts importing it', async () => {
    const before = mtimes()
    project.write('contracts/lib/step.ts', STEP_SOURCE.replace('return 1n', 'return 2n'))
    const r = await compile()
    expect(r.code).toBe(0)
    const after = mtimes()
    expect(after.Counter).toBeGreaterThan(before.Counter)
    expect(after.Token).toBe(before.Token)
  })

  it('behavior: a deleted artifact is rebuilt', async () => {
    const before = mtimes()
    const { rmSync } = await import('node:fs')
    rmSync(path.join(project.dir, 'artifacts/Counter.json'))
    expect((await compile()).code).toBe(0)
    expect(existsSync(path.join(project.dir, 'artifacts/Counter.json'))).toBe(true)
    expect(mtime('Token')).toBe(before.Token)
  })

  it('compile --force: rebuilds every contract', async () => {
    const before = mtimes()
    const r = await compile('--force')
    expect(r.code).toBe(0)
    const after = mtimes()
    expect(after.Token).toBeGreaterThan(before.Token)
    expect(after.Counter).toBeGreaterThan(before.Counter)
  })

  it('error: a syntax error exits 1 with TK_COMPILE_FAILED and file:line:col; fixing it recovers', async () => {
    const good = tokenSource()
    const lines = good.split('\n')
    const broken = [...lines.slice(0, 40), 'export const oops = (', ...lines.slice(40)].join('\n')
    project.write('contracts/Token.ts', broken)
    const r = await compile()
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^TK_COMPILE_FAILED: /m)
    expect(r.stderr).toMatch(/^contracts\/Token\.ts:\d+:\d+ COMPILE_SYNTAX_ERROR /m)
    expect(r.stderr).not.toMatch(/^\s+at /m)

    project.write('contracts/Token.ts', good)
    const fixed = await compile()
    expect(fixed.code).toBe(0)
    expect(JSON.parse(readFileSync(path.join(project.dir, 'artifacts/Token.json'), 'utf8')).contractName).toBe('Token')
  })

  it('error: a type error exits 1 with TK_COMPILE_FAILED and the code of the compiler', async () => {
    project.write('contracts/Counter.ts', project.read('contracts/Counter.ts').replace('count.set(next)', 'count.set("x")'))
    const r = await compile()
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^TK_COMPILE_FAILED: /m)
    expect(r.stderr).toMatch(/^contracts\/Counter\.ts:\d+:\d+ COMPILE_TYPE_ERROR /m)
  })

  it('error: outside a project exits 2 with TK_CONFIG_NOT_FOUND', async () => {
    const r = await runToolkit(['compile'], os.tmpdir())
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_CONFIG_NOT_FOUND: /m)
  })
})
