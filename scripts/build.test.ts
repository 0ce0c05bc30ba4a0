/**
 * scripts/build.ts, built into throwaway folders inside the checkout (so that the bundle's
 * external packages resolve from its node_modules, as from dist/): the same sources give the
 * same bytes, a rebuild writes nothing, and the bundle finds our files (package.json, the VM's
 * prelude, the compiler's SDK) from wherever it sits.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { build, ENTRIES, type Stamp } from './build.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
const base = mkdtempSync(path.join(ROOT, '.tmp', 'build-test-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

const contents = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => f !== 'stamp.json').sort().map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]))

describe('npm run build', () => {
  const a = path.join(base, 'a')

  it('deterministic: a fresh build gives the same bytes again; rebuilding an up-to-date folder writes nothing', async () => {
    const first = await build({ outDir: a })
    expect(first.written).toBe(first.files)
    const before = contents(a)
    for (const entry of Object.keys(ENTRIES)) expect(before).toHaveProperty(`${entry}.mjs`)
    rmSync(a, { recursive: true })
    await build({ outDir: a })
    expect(contents(a)).toEqual(before)
    const again = await build({ outDir: a })
    expect({ written: again.written, removed: again.removed }).toEqual({ written: 0, removed: 0 })
  }, 60_000)

  it('relocatable: no absolute path of the checkout in the output', () => {
    for (const [name, text] of Object.entries(contents(a))) expect(text.includes(ROOT), name).toBe(false)
  })

  it('the stamp lists every input with its mtime and size, and how the bundle is built', () => {
    const stamp = JSON.parse(readFileSync(path.join(a, 'stamp.json'), 'utf8')) as Stamp
    expect(stamp.format).toBe('tsvm-dist/1')
    const files = stamp.files.map(([f]) => f)
    for (const f of ['toolkit/cli/main.ts', 'toolkit/config/loadConfig.ts', 'node/createNode.ts', 'vm/slot/prelude.ts', 'scripts/build.ts', 'package.json', 'tsconfig.json']) expect(files).toContain(f)
    expect(files.some((f) => f.startsWith('node_modules/commander/'))).toBe(true)
    expect(files.some((f) => f.startsWith('node_modules/typescript/'))).toBe(false)
    expect([...files].sort()).toEqual(files)
  })

  it('the bundle locates our files from its own place: the version from package.json, the VM prelude, the SDK for the compiler', () => {
    const script = `
      const { runCli } = await import(${JSON.stringify(pathToFileURL(path.join(a, 'cli.mjs')).href)})
      const out = []
      await runCli(['node', 'toolkit', '--version'], { io: { stdout: (t) => out.push(t), stderr: (t) => out.push(t) } })
      const { createTestChain, loadArtifact } = await import(${JSON.stringify(pathToFileURL(path.join(a, 'testing.mjs')).href)})
      const chain = await createTestChain()
      const artifact = await loadArtifact('contracts/standard/ERC20.ts', ${JSON.stringify(ROOT)}, ${JSON.stringify(path.join(base, 'no-artifacts'))})
      const token = await chain.deploy('contracts/standard/ERC20.ts', ['T', 'T', 18, 5n])
      console.log(JSON.stringify({ version: out.join('').trim(), contract: artifact.contractName, supply: String(await token.totalSupply()) }))
      await chain.close()
    `
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TSVM_ARTIFACTS_DIR: path.join(base, 'no-artifacts') } })
    expect(r.status, r.stderr).toBe(0)
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({ version, contract: 'ERC20', supply: '5' })
  }, 60_000)
})
