/**
 * The project templates work as a user gets them: each is copied to a temporary directory,
 * `package.json`'s `__TSVM_PATH__` is replaced as `toolkit init` will, this checkout is linked
 * as `node_modules/tsvm` (what npm does for a `file:` dependency), and the template's own
 * tests and type check run in child processes. Imports resolve through this package's
 * `exports`, exactly as in a user's project.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyTemplate, templateStandardFiles } from '../toolkit/cli/init/copyTemplate.ts'

const ROOT = process.cwd()
const TEMPLATES = ['erc20', 'defi'] as const
/** Packages a user's `npm install` would put in node_modules, linked from this checkout's. */
const LINKED = ['vitest', 'typescript', '@types/node']
/** What template files may import besides their own files. */
const PACKAGES = ['tsvm/sdk', 'tsvm/testing', 'tsvm/config', 'tsvm/client', 'vitest', 'vitest/config']

interface PackageJson {
  name: string
  type?: string
  exports?: Record<string, string | Record<string, string>>
  devDependencies?: Record<string, string>
  dependencies?: Record<string, string>
}

const readJson = <T,>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

/** Copy a template and install it the way `toolkit init` + `npm install` would. */
function materialize(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `tsvm-template-${name}-`))
  copyTemplate(name, dir)
  const pkgFile = path.join(dir, 'package.json')
  const pkg = readJson<PackageJson>(pkgFile)
  pkg.devDependencies = { ...pkg.devDependencies, tsvm: `file:${ROOT}` }
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n')
  mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true })
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'tsvm'), 'dir')
  for (const dep of LINKED) symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep), 'dir')
  return dir
}

interface Run {
  readonly code: number | null
  readonly output: string
}

/** Run `node <script> ...args` in `cwd` with a clean environment (no vitest worker or tsvm variables). */
function run(script: string, args: readonly string[], cwd: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|TSVM_)/.test(k) && k !== 'NODE_OPTIONS') env[k] = v
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? files(full, base) : [path.relative(base, full).split(path.sep).join('/')]
  })
}

describe('package.json of this checkout', () => {
  it('exports: ./sdk, ./testing, ./config and ./client (what templates import) point at existing files', () => {
    const pkg = readJson<PackageJson>(path.join(ROOT, 'package.json'))
    expect(pkg.name).toBe('tsvm')
    // The SDK is TypeScript for the contract compiler; the toolkit entries give TypeScript its
    // types from the sources and everything else (Node, vitest) the prebuilt bundle (npm run build).
    expect(pkg.exports?.['./sdk']).toBe('./contracts/sdk/index.ts')
    expect(existsSync(path.join(ROOT, 'contracts/sdk/index.ts'))).toBe(true)
    for (const [entry, source] of [['./testing', 'toolkit/testing/index.ts'], ['./config', 'toolkit/config/index.ts'], ['./client', 'toolkit/client/index.ts']] as const) {
      const target = pkg.exports?.[entry]
      expect(target, `exports["${entry}"]`).toEqual({ types: `./${source}`, default: `./dist/${entry.slice(2)}.mjs` })
      expect(existsSync(path.join(ROOT, source)), source).toBe(true)
      expect(existsSync(path.join(ROOT, 'dist', `${entry.slice(2)}.mjs`)), `dist/${entry.slice(2)}.mjs (npm run build)`).toBe(true)
    }
  })

  it('resolution: Node imports tsvm/testing, /config and /client from the bundle, tsvm/sdk from its source (TypeScript: the template type checks below)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-exports-'))
    try {
      mkdirSync(path.join(dir, 'node_modules'))
      symlinkSync(ROOT, path.join(dir, 'node_modules', 'tsvm'), 'dir')
      writeFileSync(path.join(dir, 'resolve.mjs'), "for (const e of ['sdk', 'testing', 'config', 'client']) console.log(import.meta.resolve('tsvm/' + e))\n")
      const result = await run(path.join(dir, 'resolve.mjs'), [], dir)
      expect(result.code, result.output).toBe(0)
      const real = realpathSync(ROOT)
      expect(result.output.trim().split('\n').map((u) => path.relative(real, fileURLToPath(u)))).toEqual([
        path.join('contracts', 'sdk', 'index.ts'),
        path.join('dist', 'testing.mjs'),
        path.join('dist', 'config.mjs'),
        path.join('dist', 'client.mjs'),
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('template sources', () => {
  it.each(TEMPLATES)('%s: a complete project depending on tsvm through the __TSVM_PATH__ placeholder', (name) => {
    const dir = path.join(ROOT, 'templates', name)
    const pkg = readJson<PackageJson>(path.join(dir, 'package.json'))
    expect(pkg.type).toBe('module')
    expect(pkg.devDependencies?.tsvm).toBe('__TSVM_PATH__')
    expect(pkg.dependencies?.tsvm).toBeUndefined()
    expect(pkg.devDependencies?.vitest).toBe(readJson<PackageJson>(path.join(ROOT, 'package.json')).devDependencies?.vitest)
    const all = [...files(dir), ...templateStandardFiles(name).keys()]
    for (const f of ['README.md', '.gitignore', 'package.json', 'tsconfig.json', 'toolkit.config.ts', 'vitest.config.ts', 'deploy/01_deploy.ts', 'template.json']) expect(all).toContain(f)
    expect(all.some((f) => /^contracts\/.+\.ts$/.test(f))).toBe(true)
    expect(all.some((f) => /^test\/.+\.test\.ts$/.test(f))).toBe(true)
  })

  it.each(TEMPLATES)('%s: reaches tsvm only through its package entry points, never by relative path', (name) => {
    const dir = path.join(ROOT, 'templates', name)
    for (const f of files(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(dir, f), 'utf8')
      const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!)
      for (const s of specifiers) {
        const inside = !path.relative(dir, path.resolve(path.dirname(path.join(dir, f)), s)).startsWith('..')
        expect(s.startsWith('.') ? inside : PACKAGES.includes(s), `${name}/${f} imports ${s}`).toBe(true)
      }
      if (f.startsWith('contracts/')) expect(specifiers.filter((s) => s.startsWith('tsvm/')).every((s) => s === 'tsvm/sdk'), f).toBe(true)
    }
  })

  it.each(TEMPLATES)('%s: its standard contracts come from contracts/standard, rewritten to import tsvm/sdk', (name) => {
    const files = templateStandardFiles(name)
    expect(files.size).toBeGreaterThan(0)
    for (const [target, text] of files) {
      expect(target.startsWith('contracts/'), target).toBe(true)
      expect(text).toContain("from 'tsvm/sdk'")
      expect(text).not.toContain('../sdk/index.ts')
      expect(existsSync(path.join(ROOT, 'templates', name, target)), `${target} must not be a copy in the template`).toBe(false)
    }
  })
})

describe.each(TEMPLATES)('template %s, installed in a temporary directory', (name) => {
  let dir: string
  beforeAll(() => {
    dir = materialize(name)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('its tests pass under vitest, in a child process', async () => {
    const result = await run(path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), ['run', '--reporter=json', '--outputFile=vitest-result.json'], dir)
    const report = existsSync(path.join(dir, 'vitest-result.json'))
      ? readJson<{ numTotalTests: number; numPassedTests: number; numFailedTests: number; numFailedTestSuites: number }>(path.join(dir, 'vitest-result.json'))
      : undefined
    expect(report, result.output).toBeDefined()
    expect({ failedTests: report!.numFailedTests, failedFiles: report!.numFailedTestSuites, exit: result.code }, result.output).toEqual({ failedTests: 0, failedFiles: 0, exit: 0 })
    expect(report!.numPassedTests).toBe(report!.numTotalTests)
    expect(report!.numPassedTests).toBeGreaterThanOrEqual(8)
  }, 300_000)

  it('it type-checks (tsc --noEmit with its own tsconfig.json)', async () => {
    const result = await run(path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json'], dir)
    expect(result.code, result.output).toBe(0)
  }, 300_000)
})
