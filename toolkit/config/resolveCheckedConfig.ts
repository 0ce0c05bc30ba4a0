import path from 'node:path'
import { ToolkitError, type ErrorIssue } from '../cli/errors.ts'
import type { AccountUserConfig, NetworkUserConfig, ToolkitUserConfig } from './defineConfig.ts'

/**
 * The second half of resolveConfig, without zod: a user config already checked against the
 * schema (configSchema.ts) becomes the complete configuration. Kept apart so that loading a
 * config whose check is remembered (loadConfig.ts) does not load zod.
 */

const HEX_KEY = /^0x[0-9a-fA-F]{64}$/

/** True for a secret key as the config and `env:` variables give it: 0x + 64 hex digits. */
export const isSecretKeyHex = (v: string): boolean => HEX_KEY.test(v)

/** A zod issue path as text: `networks.local.accounts[1]`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`
  return out || '(config)'
}

/** An account of a resolved network. An `env:` entry whose variable is unset stays `missing-env`: it only fails when used. */
export type ResolvedAccount =
  | { readonly type: 'dev'; readonly index: number }
  | { readonly type: 'key'; readonly secretKey: string; readonly source: 'config' | `env:${string}` }
  | { readonly type: 'missing-env'; readonly variable: string }

export type ResolvedNetwork =
  | { readonly name: string; readonly type: 'url'; readonly url: string; readonly timeoutMs: number; readonly accounts: readonly ResolvedAccount[]; readonly registry?: string; readonly register: boolean }
  | { readonly name: string; readonly type: 'in-process'; readonly accounts: readonly ResolvedAccount[] }

/** Absolute folders of a project. */
export interface ResolvedPaths {
  /** The folder of the config file (or the working directory when there is none). */
  readonly root: string
  /** The config file, absolute; undefined when none was found. */
  readonly config: string | undefined
  readonly contracts: string
  readonly artifacts: string
  readonly deploy: string
  readonly tests: string
  readonly deployments: string
}

/** The complete configuration every command reads: every default filled in, paths absolute, frozen. */
export interface ResolvedConfig {
  readonly defaultNetwork: string
  readonly paths: ResolvedPaths
  readonly networks: Readonly<Record<string, ResolvedNetwork>>
  readonly compiler: { readonly warningsAsErrors: boolean }
  readonly gasReport: boolean
  readonly dev: { readonly onChange: 'reload' | 'redeploy'; readonly run: readonly string[] }
}

const DEV_ACCOUNTS: readonly AccountUserConfig[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]

/** The networks every project has; a user entry of the same name replaces one (keeping its dev accounts by default). */
export const BUILTIN_NETWORKS: Readonly<Record<string, NetworkUserConfig>> = {
  devnet: { inProcess: true, accounts: DEV_ACCOUNTS },
  local: { url: 'http://127.0.0.1:8545', accounts: DEV_ACCOUNTS },
}

const DEFAULT_TIMEOUT_MS = 30_000

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

function resolveAccount(account: AccountUserConfig, at: string, env: Readonly<Record<string, string | undefined>>, issues: ErrorIssue[]): ResolvedAccount {
  if (typeof account === 'number') return { type: 'dev', index: account }
  if (!account.startsWith('env:')) return { type: 'key', secretKey: account.toLowerCase(), source: 'config' }
  const variable = account.slice(4)
  const value = env[variable]?.trim()
  if (value === undefined || value === '') return { type: 'missing-env', variable }
  // A set but malformed variable is a mistake worth stopping for; an unset one may belong to a network not in use.
  if (!isSecretKeyHex(value)) {
    issues.push({ path: at, message: `the environment variable ${variable} is not a secret key (0x + 64 hex digits)` })
    return { type: 'missing-env', variable }
  }
  return { type: 'key', secretKey: value.toLowerCase(), source: `env:${variable}` }
}

/**
 * Complete a user config that passed the schema check: defaults filled in, paths absolute
 * against `root`, built-in networks merged, `env:` accounts read from `env`. Throws
 * ToolkitError TK_CONFIG_INVALID for what only the environment can make wrong (a malformed
 * `env:` key, a default network that does not exist).
 */
export function resolveCheckedConfig(
  c: ToolkitUserConfig,
  options: { root: string; configFile?: string | undefined; env?: Readonly<Record<string, string | undefined>> },
): ResolvedConfig {
  const where = options.configFile ?? 'the configuration'
  const root = path.resolve(options.root)
  const env = options.env ?? process.env
  const issues: ErrorIssue[] = []

  const networks: Record<string, ResolvedNetwork> = {}
  const entries = { ...BUILTIN_NETWORKS, ...c.networks } as Record<string, NetworkUserConfig>
  for (const [name, n] of Object.entries(entries)) {
    const given = n.accounts ?? BUILTIN_NETWORKS[name]?.accounts ?? []
    const accounts = given.map((a, i) => resolveAccount(a, issuePath(['networks', name, 'accounts', i]), env, issues))
    networks[name] =
      'url' in n && n.url !== undefined
        ? { name, type: 'url', url: n.url, timeoutMs: n.timeoutMs ?? DEFAULT_TIMEOUT_MS, accounts, ...(n.registry ? { registry: n.registry } : {}), register: n.register === true }
        : { name, type: 'in-process', accounts }
  }
  const defaultNetwork = c.defaultNetwork ?? 'devnet'
  if (!(defaultNetwork in networks)) {
    issues.push({ path: 'defaultNetwork', message: `no network "${defaultNetwork}" (known: ${Object.keys(networks).join(', ')})` })
  }
  if (issues.length > 0) throw new ToolkitError('TK_CONFIG_INVALID', `invalid configuration in ${where}:`, { issues })

  const dir = (p: string | undefined, fallback: string) => path.resolve(root, p ?? fallback)
  return deepFreeze({
    defaultNetwork,
    paths: {
      root,
      config: options.configFile === undefined ? undefined : path.resolve(root, options.configFile),
      contracts: dir(c.paths?.contracts, 'contracts'),
      artifacts: dir(c.paths?.artifacts, 'artifacts'),
      deploy: dir(c.paths?.deploy, 'deploy'),
      tests: dir(c.paths?.tests, 'test'),
      deployments: dir(c.paths?.deployments, 'deployments'),
    },
    networks,
    compiler: { warningsAsErrors: c.compiler?.warningsAsErrors ?? false },
    gasReport: c.gasReport ?? false,
    dev: { onChange: c.dev?.onChange ?? 'reload', run: [...(c.dev?.run ?? [])] },
  })
}

/**
 * The network to use: `name` (from --network) or the config's default. Throws
 * TK_UNKNOWN_NETWORK listing the known ones.
 */
export function resolveNetwork(config: ResolvedConfig, name?: string): ResolvedNetwork {
  const wanted = name ?? config.defaultNetwork
  const network = config.networks[wanted]
  if (!network || !Object.hasOwn(config.networks, wanted)) {
    throw new ToolkitError('TK_UNKNOWN_NETWORK', `no network named "${wanted}"`, {
      hint: `Use one of: ${Object.keys(config.networks).join(', ')}; or add "${wanted}" under \`networks\` in toolkit.config.ts.`,
    })
  }
  return network
}
