import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { nodeConfigSchema, type NodeConfig, type NodeConfigInput } from './nodeConfig.ts'

/** A configuration problem: which setting, what is wrong, and what to do. */
export class ConfigError extends Error {
  constructor(
    readonly code: 'CONFIG_INVALID' | 'CONFIG_FILE_UNREADABLE' | 'CONFIG_UNKNOWN_FLAG',
    message: string,
    readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> = [],
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** The command-line flags a node understands, each overriding the config file. */
export const NODE_FLAGS = {
  config: { type: 'string', description: 'path of a JSON config file' },
  network: { type: 'string', description: 'network name' },
  'chain-id': { type: 'string', description: 'chain id' },
  'data-dir': { type: 'string', description: 'LevelDB directory (omit for an in-memory chain)' },
  'block-time': { type: 'string', description: 'ms between blocks; 0 = automine' },
  'block-gas-limit': { type: 'string', description: 'gas per block' },
  'rpc-host': { type: 'string', description: 'JSON-RPC listen address' },
  'rpc-port': { type: 'string', description: 'JSON-RPC port (0 = any free port)' },
  'rpc-rate-limit': { type: 'string', description: 'requests per second per client (0 = off)' },
  'p2p-host': { type: 'string', description: 'P2P listen address' },
  'p2p-port': { type: 'string', description: 'P2P port' },
  'log-level': { type: 'string', description: 'debug | info | warn | error | silent' },
  accounts: { type: 'string', description: 'number of prefunded dev accounts' },
} as const

const int = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined
  if (!/^[0-9]+$/.test(v)) throw new ConfigError('CONFIG_INVALID', `--${flag} must be a non-negative integer, got "${v}"`, [{ path: flag, message: 'not an integer' }])
  return Number(v)
}

/**
 * Resolve the node configuration: defaults, then the config file, then flags; validated once
 * into a complete object. Throws ConfigError naming each bad setting.
 * @example loadNodeConfig({ argv: ['--data-dir', '.chain', '--rpc-port', '8545'] })
 */
export function loadNodeConfig(options: { argv?: string[]; file?: string; overrides?: NodeConfigInput; cwd?: string } = {}): NodeConfig {
  const cwd = options.cwd ?? process.cwd()
  let flags: Record<string, string | undefined>
  try {
    flags = parseArgs({ args: options.argv ?? [], options: NODE_FLAGS, strict: true, allowPositionals: false }).values as Record<string, string | undefined>
  } catch (e) {
    throw new ConfigError('CONFIG_UNKNOWN_FLAG', `${(e as Error).message}; run with --help for the list of flags`)
  }
  const file = flags.config ?? options.file
  let fromFile: Record<string, unknown> = {}
  if (file !== undefined) {
    try {
      fromFile = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'))
    } catch (e) {
      throw new ConfigError('CONFIG_FILE_UNREADABLE', `cannot read config file ${file}: ${(e as Error).message}`)
    }
  }
  const merged: Record<string, any> = { ...fromFile, ...options.overrides }
  const section = (name: string) => (merged[name] = { ...(merged[name] ?? {}) })
  if (flags.network !== undefined) merged.network = flags.network
  if (flags['chain-id'] !== undefined) merged.chainId = flags['chain-id']
  if (flags['data-dir'] !== undefined) merged.dataDir = path.resolve(cwd, flags['data-dir'])
  else if (typeof merged.dataDir === 'string') merged.dataDir = path.resolve(cwd, merged.dataDir)
  const blockTime = int('block-time', flags['block-time'])
  if (blockTime !== undefined) section('consensus').blockTimeMs = blockTime
  const blockGas = int('block-gas-limit', flags['block-gas-limit'])
  if (blockGas !== undefined) section('gas').blockGasLimit = blockGas
  if (flags['rpc-host'] !== undefined) section('rpc').host = flags['rpc-host']
  const rpcPort = int('rpc-port', flags['rpc-port'])
  if (rpcPort !== undefined) section('rpc').port = rpcPort
  const rate = int('rpc-rate-limit', flags['rpc-rate-limit'])
  if (rate !== undefined) section('rpc').rateLimit = rate
  if (flags['p2p-host'] !== undefined) section('p2p').host = flags['p2p-host']
  const p2pPort = int('p2p-port', flags['p2p-port'])
  if (p2pPort !== undefined) section('p2p').port = p2pPort
  if (flags['log-level'] !== undefined) section('log').level = flags['log-level']
  const accounts = int('accounts', flags.accounts)
  if (accounts !== undefined) section('genesis').devAccounts = accounts
  const parsed = nodeConfigSchema.safeParse(merged)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }))
    throw new ConfigError('CONFIG_INVALID', `invalid node configuration:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\nfix these settings in the config file or flags`, issues)
  }
  return Object.freeze(parsed.data)
}
