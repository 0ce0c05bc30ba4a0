import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ToolkitError } from '../cli/errors.ts'
import { checkedMarkFile, compileConfigFile, ConfigCompileError } from './compileConfigFile.ts'
import type { ToolkitUserConfig } from './defineConfig.ts'
import { checkKey, rememberedCheck } from './rememberCheck.ts'
import { resolveCheckedConfig, type ResolvedConfig } from './resolveCheckedConfig.ts'

/** The names looked for, in this order, in the working directory and then each parent. */
export const CONFIG_FILE_NAMES = ['toolkit.config.ts', 'toolkit.config.mts', 'toolkit.config.js', 'toolkit.config.mjs'] as const

/** The nearest config file at or above `cwd`, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; ) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name)
      if (existsSync(file) && statSync(file).isFile()) return file
    }
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The config object a module exports: its default export, unwrapped from CommonJS interop. */
function exportedConfig(mod: Record<string, unknown>): unknown {
  let value = mod.default
  // A config compiled as CommonJS (no "type": "module" nearby) arrives as { default: { default: config } }.
  if (value !== null && typeof value === 'object' && 'default' in value && ((value as { __esModule?: unknown }).__esModule || Object.keys(value).length === 1)) {
    value = (value as { default: unknown }).default
  }
  return value
}

/**
 * Import a config file: compiled with esbuild into a cached ES module (compileConfigFile.ts),
 * which costs a hash of its sources when nothing changed. Where the cache cannot be written
 * (a read-only project), tsx imports it directly, as it always could.
 */
async function importConfigFile(configFile: string): Promise<Record<string, unknown>> {
  let url: string
  try {
    url = await compileConfigFile(configFile)
  } catch (error) {
    if (error instanceof ConfigCompileError) throw error
    const { tsImport } = await import('tsx/esm/api')
    return (await tsImport(pathToFileURL(configFile).href, import.meta.url)) as Record<string, unknown>
  }
  return (await import(url)) as Record<string, unknown>
}

/**
 * Find, import and resolve the project's configuration. `file` (the --config option) is
 * resolved against `cwd` and must exist; otherwise the nearest `toolkit.config.ts` at or
 * above `cwd` is used, and with none the defaults apply with `cwd` as the root
 * (`paths.config` is then undefined: commands that need a project check it). The file is
 * TypeScript, compiled with esbuild (local imports bundled, packages imported from the project)
 * and cached in `node_modules/.cache/tsvm/` until one of its sources changes.
 * Throws ToolkitError: TK_CONFIG_NOT_FOUND, TK_CONFIG_LOAD_FAILED, TK_CONFIG_INVALID.
 * @example const config = await loadConfig(process.cwd())
 */
export async function loadConfig(cwd: string, file?: string, options: { env?: Readonly<Record<string, string | undefined>> } = {}): Promise<ResolvedConfig> {
  let configFile: string | undefined
  if (file !== undefined) {
    configFile = path.resolve(cwd, file)
    if (!existsSync(configFile) || !statSync(configFile).isFile()) throw new ToolkitError('TK_CONFIG_NOT_FOUND', `no config file at ${configFile}`)
  } else {
    configFile = findConfigFile(cwd)
  }
  const env = options.env ? { env: options.env } : {}
  // No config: the defaults (an empty config needs no schema check).
  if (configFile === undefined) return resolveCheckedConfig({}, { root: cwd, ...env })

  let mod: Record<string, unknown>
  try {
    mod = await importConfigFile(configFile)
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    throw new ToolkitError('TK_CONFIG_LOAD_FAILED', `cannot load ${configFile}: ${first}`, { cause: error })
  }
  const user = exportedConfig(mod)
  if (user === undefined || user === null || typeof user !== 'object' || Array.isArray(user)) {
    throw new ToolkitError('TK_CONFIG_INVALID', `${configFile} must \`export default defineConfig({...})\`, an object`, {
      issues: [{ path: '(default export)', message: user === undefined ? 'missing' : 'not an object' }],
    })
  }
  const resolveOptions = { root: path.dirname(configFile), configFile, ...env }
  // A config that passed the schema check before, as the same data, skips zod (rememberCheck.ts).
  const key = checkKey(user)
  const remembered = key === undefined ? undefined : rememberedCheck(checkedMarkFile(configFile), key)
  if (remembered?.passed) return resolveCheckedConfig(user as ToolkitUserConfig, resolveOptions)
  const { resolveConfig } = await import('./resolveConfig.ts')
  const config = resolveConfig(user, resolveOptions)
  remembered?.remember()
  return config
}
