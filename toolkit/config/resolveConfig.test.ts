import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ToolkitError } from '../cli/errors.ts'
import { resolveConfig, resolveNetwork } from './resolveConfig.ts'

const root = path.resolve('/project')
const KEY = '0x' + 'ab'.repeat(32)

function issuesOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn()
  } catch (error) {
    if (!(error instanceof ToolkitError)) throw error
    return { code: error.code, paths: error.issues.map((i) => i.path) }
  }
  throw new Error('expected a ToolkitError')
}

describe('resolveConfig', () => {
  it('defaults: absolute paths under the root, devnet and local networks, frozen', () => {
    const c = resolveConfig({}, { root, env: {} })
    expect(c.paths).toEqual({
      root,
      config: undefined,
      contracts: path.join(root, 'contracts'),
      artifacts: path.join(root, 'artifacts'),
      deploy: path.join(root, 'deploy'),
      tests: path.join(root, 'test'),
      deployments: path.join(root, 'deployments'),
    })
    expect(c.defaultNetwork).toBe('devnet')
    expect(c.networks.devnet).toMatchObject({ type: 'in-process' })
    expect(c.networks.local).toMatchObject({ type: 'url', url: 'http://127.0.0.1:8545', timeoutMs: 30_000 })
    expect(c.networks.local!.accounts).toHaveLength(10)
    expect(c.networks.local!.accounts[3]).toEqual({ type: 'dev', index: 3 })
    expect(c).toMatchObject({ compiler: { warningsAsErrors: false }, gasReport: false, dev: { onChange: 'reload', run: [] } })
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.paths)).toBe(true)
    expect(Object.isFrozen(c.networks.local!.accounts)).toBe(true)
    expect(Object.isFrozen(c.dev.run)).toBe(true)
  })

  it('paths: relative to the root, absolute ones kept', () => {
    const c = resolveConfig({ paths: { contracts: 'src/contracts', artifacts: '/elsewhere/out' } }, { root, configFile: 'toolkit.config.ts', env: {} })
    expect(c.paths.contracts).toBe(path.join(root, 'src/contracts'))
    expect(c.paths.artifacts).toBe(path.resolve('/elsewhere/out'))
    expect(c.paths.config).toBe(path.join(root, 'toolkit.config.ts'))
  })

  it('networks: a user entry replaces a built-in one, keeping its dev accounts unless given', () => {
    const c = resolveConfig({ networks: { local: { url: 'http://127.0.0.1:9999' }, testnet: { url: 'wss://rpc.example.org', accounts: [KEY] } } }, { root, env: {} })
    expect(c.networks.local).toMatchObject({ type: 'url', url: 'http://127.0.0.1:9999' })
    expect(c.networks.local!.accounts).toHaveLength(10)
    expect(c.networks.testnet!.accounts).toEqual([{ type: 'key', secretKey: KEY, source: 'config' }])
    expect(c.networks.devnet).toMatchObject({ type: 'in-process' })
  })

  it('accounts: env: is read from the environment at load; an unset one stays missing-env', () => {
    const c = resolveConfig({ networks: { t: { url: 'http://x.org', accounts: ['env:DEPLOYER', 'env:UNSET', 2] } } }, { root, env: { DEPLOYER: KEY.toUpperCase().replace('0X', '0x') } })
    expect(c.networks.t!.accounts).toEqual([
      { type: 'key', secretKey: KEY, source: 'env:DEPLOYER' },
      { type: 'missing-env', variable: 'UNSET' },
      { type: 'dev', index: 2 },
    ])
  })

  it('error: a malformed key in an env variable is TK_CONFIG_INVALID at the account path', () => {
    const r = issuesOf(() => resolveConfig({ networks: { t: { url: 'http://x.org', accounts: ['env:K'] } } }, { root, env: { K: 'not-a-key' } }))
    expect(r).toEqual({ code: 'TK_CONFIG_INVALID', paths: ['networks.t.accounts[0]'] })
  })

  it('error: every bad field is reported with its path', () => {
    const r = issuesOf(() =>
      resolveConfig(
        {
          paths: { contracts: 3 },
          networks: { local: { url: 'ftp://x' }, both: { url: 'http://a.org', inProcess: true }, bad: { url: 'http://a.org', accounts: [-1] } },
          dev: { onChange: 'restart' },
          netwroks: {},
        },
        { root, env: {} },
      ),
    )
    expect(r.code).toBe('TK_CONFIG_INVALID')
    expect(r.paths.sort()).toEqual(['dev.onChange', 'networks.bad.accounts[0]', 'networks.both', 'networks.local.url', 'netwroks', 'paths.contracts'].sort())
  })

  it('error: defaultNetwork must name a network', () => {
    expect(issuesOf(() => resolveConfig({ defaultNetwork: 'mainnet' }, { root, env: {} }))).toEqual({ code: 'TK_CONFIG_INVALID', paths: ['defaultNetwork'] })
  })
})

describe('resolveNetwork', () => {
  const c = resolveConfig({ defaultNetwork: 'local' }, { root, env: {} })

  it('args: the named network, or the default', () => {
    expect(resolveNetwork(c, 'devnet').name).toBe('devnet')
    expect(resolveNetwork(c).name).toBe('local')
  })

  it('error: an unknown name is TK_UNKNOWN_NETWORK', () => {
    expect(() => resolveNetwork(c, 'mainnet')).toThrow(expect.objectContaining({ code: 'TK_UNKNOWN_NETWORK' }))
    expect(() => resolveNetwork(c, 'toString')).toThrow(expect.objectContaining({ code: 'TK_UNKNOWN_NETWORK' }))
  })
})
