import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { RACY_MS } from '../cli/fileRecords.ts'
import { configCacheDir } from './compileConfigFile.ts'
import { findConfigFile, loadConfig } from './loadConfig.ts'

const defineConfigPath = fileURLToPath(new URL('./index.ts', import.meta.url))
const dirs: string[] = []
function project(config: string | undefined): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolkit-config-'))
  dirs.push(dir)
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}')
  if (config !== undefined) writeFileSync(path.join(dir, 'toolkit.config.ts'), config)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('loadConfig', () => {
  it('behavior: imports a TypeScript config (with types) and resolves it against its folder', async () => {
    const dir = project(`import { defineConfig, type ToolkitUserConfig } from ${JSON.stringify(defineConfigPath)}
const contracts: string = 'src'
export default defineConfig({ paths: { contracts }, gasReport: true } satisfies ToolkitUserConfig)
`)
    const c = await loadConfig(dir, undefined, { env: {} })
    expect(c.paths.config).toBe(path.join(dir, 'toolkit.config.ts'))
    expect(c.paths.contracts).toBe(path.join(dir, 'src'))
    expect(c.gasReport).toBe(true)
  })

  it('behavior: found from a folder below the project', async () => {
    const dir = project('export default { gasReport: true }\n')
    mkdirSync(path.join(dir, 'contracts/deep'), { recursive: true })
    const c = await loadConfig(path.join(dir, 'contracts/deep'), undefined, { env: {} })
    expect(c.paths.root).toBe(dir)
  })

  it('behavior: no config file gives the defaults with the working directory as root', async () => {
    const dir = project(undefined)
    const c = await loadConfig(dir, undefined, { env: {} })
    // A config in a folder above the temp folder would be found instead, which is also right.
    const above = findConfigFile(path.dirname(dir))
    expect(c.paths.config).toBe(above)
    expect(c.paths.root).toBe(above === undefined ? dir : path.dirname(above))
  })

  it('error: a --config file that does not exist is TK_CONFIG_NOT_FOUND', async () => {
    await expect(loadConfig(project(undefined), 'nope.config.ts')).rejects.toMatchObject({ code: 'TK_CONFIG_NOT_FOUND' })
  })

  it('error: a config that throws is TK_CONFIG_LOAD_FAILED', async () => {
    await expect(loadConfig(project("throw new Error('boom')\n"))).rejects.toMatchObject({ code: 'TK_CONFIG_LOAD_FAILED' })
  })

  it('error: a config without a default export is TK_CONFIG_INVALID', async () => {
    await expect(loadConfig(project('export const config = {}\n'))).rejects.toMatchObject({ code: 'TK_CONFIG_INVALID' })
  })

  it('error: a config that does not compile is TK_CONFIG_LOAD_FAILED, with its file and line', async () => {
    const error = await loadConfig(project('export default {\n  gasReport: true,,\n}\n')).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'TK_CONFIG_LOAD_FAILED' })
    expect((error as Error).message).toMatch(/toolkit\.config\.ts:2:\d+: /)
  })
})

describe('loadConfig: the compiled config cache (node_modules/.cache/tsvm)', () => {
  const modules = (dir: string) => readdirSync(configCacheDir(path.join(dir, 'toolkit.config.ts'))).filter((f) => f.endsWith('.mjs'))
  afterEach(() => vi.restoreAllMocks())
  /** As if every file had been written long ago: their stats are recorded (../cli/fileRecords.ts). */
  const settled = () => {
    const now = Date.now
    vi.spyOn(Date, 'now').mockImplementation(() => now() + RACY_MS + 1000)
  }

  it('behavior: a second load reuses the compiled module as it is', async () => {
    const dir = project('export default { gasReport: true }\n')
    await loadConfig(dir, undefined, { env: {} })
    const [module] = modules(dir)
    const file = path.join(configCacheDir(path.join(dir, 'toolkit.config.ts')), module!)
    const mtime = statSync(file).mtimeMs
    expect((await loadConfig(dir, undefined, { env: {} })).gasReport).toBe(true)
    expect(modules(dir)).toEqual([module])
    expect(statSync(file).mtimeMs).toBe(mtime)
  })

  it('behavior: an edit to the config, or to a local file it imports, is seen on the next load', async () => {
    const dir = project("import { contracts } from './paths.ts'\nexport default { paths: { contracts } }\n")
    writeFileSync(path.join(dir, 'paths.ts'), "export const contracts: string = 'src'\n")
    expect((await loadConfig(dir, undefined, { env: {} })).paths.contracts).toBe(path.join(dir, 'src'))
    writeFileSync(path.join(dir, 'paths.ts'), "export const contracts: string = 'sources'\n")
    expect((await loadConfig(dir, undefined, { env: {} })).paths.contracts).toBe(path.join(dir, 'sources'))
    writeFileSync(path.join(dir, 'toolkit.config.ts'), "import { contracts } from './paths.ts'\nexport default { paths: { contracts }, gasReport: true }\n")
    const c = await loadConfig(dir, undefined, { env: {} })
    expect([c.paths.contracts, c.gasReport]).toEqual([path.join(dir, 'sources'), true])
    expect(modules(dir)).toHaveLength(1)
  })

  it('behavior: a config edited with its size unchanged and its mtime moved is reloaded', async () => {
    settled()
    const dir = project("export default { paths: { contracts: 'aaa' } }\n")
    const file = path.join(dir, 'toolkit.config.ts')
    expect((await loadConfig(dir, undefined, { env: {} })).paths.contracts).toBe(path.join(dir, 'aaa'))
    const { atime, mtime } = statSync(file)
    writeFileSync(file, "export default { paths: { contracts: 'bbb' } }\n")
    utimesSync(file, atime, new Date(mtime.getTime() - 5000))
    expect((await loadConfig(dir, undefined, { env: {} })).paths.contracts).toBe(path.join(dir, 'bbb'))
  })

  it('behavior: a config edited with its size and mtime unchanged (cp -p, touch -d) is reloaded', async () => {
    settled()
    const dir = project("export default { paths: { contracts: 'aaa' } }\n")
    const file = path.join(dir, 'toolkit.config.ts')
    const t = Math.floor(Date.now() / 1000) - 3600 // whole seconds: utimes restores them exactly
    utimesSync(file, t, t)
    expect((await loadConfig(dir, undefined, { env: {} })).paths.contracts).toBe(path.join(dir, 'aaa'))
    await new Promise((resolve) => setTimeout(resolve, 30)) // let the ctime clock move on
    writeFileSync(file, "export default { paths: { contracts: 'ccc' } }\n")
    utimesSync(file, t, t)
    expect((await loadConfig(dir, undefined, { env: {} })).paths.contracts).toBe(path.join(dir, 'ccc'))
  })

  it('behavior: a touched config with the same content is not compiled again', async () => {
    settled()
    const dir = project('export default { gasReport: true }\n')
    const file = path.join(dir, 'toolkit.config.ts')
    await loadConfig(dir, undefined, { env: {} })
    const [module] = modules(dir)
    const compiled = path.join(configCacheDir(file), module!)
    const mtime = statSync(compiled).mtimeMs
    const { atime, mtime: configMtime } = statSync(file)
    utimesSync(file, atime, new Date(configMtime.getTime() - 5000))
    expect((await loadConfig(dir, undefined, { env: {} })).gasReport).toBe(true)
    expect(modules(dir)).toEqual([module])
    expect(statSync(compiled).mtimeMs).toBe(mtime)
  })

  it('behavior: import.meta.url and import.meta.dirname are those of the config file, not of the cache', async () => {
    const dir = project("export default { paths: { contracts: import.meta.dirname + '/c', artifacts: new URL('./a', import.meta.url).pathname } }\n")
    const c = await loadConfig(dir, undefined, { env: {} })
    expect([c.paths.contracts, c.paths.artifacts]).toEqual([path.join(dir, 'c'), path.join(dir, 'a')])
  })

  it('error: the schema check is remembered only for the same data: an invalid edit is still TK_CONFIG_INVALID', async () => {
    const dir = project('export default { gasReport: true }\n')
    await loadConfig(dir, undefined, { env: {} })
    await loadConfig(dir, undefined, { env: {} })
    writeFileSync(path.join(dir, 'toolkit.config.ts'), "export default { gasReport: 'yes' }\n")
    await expect(loadConfig(dir, undefined, { env: {} })).rejects.toMatchObject({ code: 'TK_CONFIG_INVALID', issues: [{ path: 'gasReport' }] })
    // Data that differs only where JSON would not tell (undefined vs null) is checked again too.
    writeFileSync(path.join(dir, 'toolkit.config.ts'), 'export default { gasReport: undefined }\n')
    await loadConfig(dir, undefined, { env: {} })
    writeFileSync(path.join(dir, 'toolkit.config.ts'), 'export default { gasReport: null }\n')
    await expect(loadConfig(dir, undefined, { env: {} })).rejects.toMatchObject({ code: 'TK_CONFIG_INVALID' })
  })

  it('error: a config that reads the environment is checked on every load (env: accounts)', async () => {
    const dir = project("export default { networks: { prod: { url: 'https://rpc.example', accounts: ['env:DEPLOYER_KEY'] } } }\n")
    const ok = await loadConfig(dir, undefined, { env: { DEPLOYER_KEY: '0x' + 'ab'.repeat(32) } })
    expect(ok.networks.prod!.accounts).toEqual([{ type: 'key', secretKey: '0x' + 'ab'.repeat(32), source: 'env:DEPLOYER_KEY' }])
    await expect(loadConfig(dir, undefined, { env: { DEPLOYER_KEY: 'nope' } })).rejects.toMatchObject({ code: 'TK_CONFIG_INVALID' })
  })
})
