import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
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
})
