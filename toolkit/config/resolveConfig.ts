import { ToolkitError } from '../cli/errors.ts'
import { configIssues, userConfigSchema } from './configSchema.ts'
import type { ToolkitUserConfig } from './defineConfig.ts'
import { resolveCheckedConfig, type ResolvedConfig } from './resolveCheckedConfig.ts'

export { BUILTIN_NETWORKS, resolveNetwork, type ResolvedAccount, type ResolvedConfig, type ResolvedNetwork, type ResolvedPaths } from './resolveCheckedConfig.ts'

/**
 * Turn a user config (the default export of toolkit.config.ts) into the complete, frozen
 * configuration: defaults filled in, paths absolute against `root`, built-in networks merged,
 * `env:` accounts read from `env`. Pure apart from reading `env`; the one place defaults live.
 * Throws ToolkitError TK_CONFIG_INVALID listing every bad field by its path.
 * @example
 * resolveConfig({ paths: { contracts: 'src' } }, { root: '/p' }).paths.contracts // '/p/src'
 */
export function resolveConfig(
  user: unknown,
  options: { root: string; configFile?: string | undefined; env?: Readonly<Record<string, string | undefined>> },
): ResolvedConfig {
  const where = options.configFile ?? 'the configuration'
  const parsed = userConfigSchema.safeParse(user ?? {})
  if (!parsed.success) {
    throw new ToolkitError('TK_CONFIG_INVALID', `invalid configuration in ${where}:`, { issues: configIssues(parsed.error) })
  }
  // The schema checks what the type says (and url xor inProcess, which the type spells as a union).
  return resolveCheckedConfig(parsed.data as ToolkitUserConfig, options)
}
