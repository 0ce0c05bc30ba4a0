import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ToolkitError } from '../cli/errors.ts'
import { resolveConfig, type ResolvedConfig } from './resolveConfig.ts'

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
 * Find, import and resolve the project's configuration. `file` (the --config option) is
 * resolved against `cwd` and must exist; otherwise the nearest `toolkit.config.ts` at or
 * above `cwd` is used, and with none the defaults apply with `cwd` as the root
 * (`paths.config` is then undefined: commands that need a project check it). The file is
 * TypeScript, imported with tsx (`tsImport`), so it may import what it likes.
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
  if (configFile === undefined) return resolveConfig({}, { root: cwd, ...(options.env ? { env: options.env } : {}) })

  let mod: Record<string, unknown>
  try {
    const { tsImport } = await import('tsx/esm/api')
    mod = (await tsImport(pathToFileURL(configFile).href, import.meta.url)) as Record<string, unknown>
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
  return resolveConfig(user, { root: path.dirname(configFile), configFile, ...(options.env ? { env: options.env } : {}) })
}
