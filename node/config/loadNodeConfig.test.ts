import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadNodeConfig } from './loadNodeConfig.ts'

function codeOf(f: () => unknown): string | undefined {
  try {
    f()
  } catch (e) {
    return e instanceof ConfigError ? e.code : 'not a ConfigError'
  }
  return undefined
}

describe('loadNodeConfig', () => {
  it('no input: complete defaults (automine, in-memory, loopback RPC)', () => {
    const c = loadNodeConfig()
    expect(c.consensus).toEqual({ engine: 'dev', blockTimeMs: 0 })
    expect(c.dataDir).toBeUndefined()
    expect(c.rpc.host).toBe('127.0.0.1')
    expect(c.genesis.devAccounts).toBe(10)
    expect(c.gas.minGasPrice).toBe(1n)
  })

  it('file then flags: flags win, data dir resolved to an absolute path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'))
    writeFileSync(path.join(dir, 'node.json'), JSON.stringify({ chainId: 'from-file', rpc: { port: 9000 }, consensus: { blockTimeMs: 500 } }))
    const c = loadNodeConfig({ cwd: dir, argv: ['--config', 'node.json', '--rpc-port', '9100', '--data-dir', 'chain'] })
    expect(c.chainId).toBe('from-file')
    expect(c.rpc.port).toBe(9100)
    expect(c.consensus.blockTimeMs).toBe(500)
    expect(c.dataDir).toBe(path.join(dir, 'chain'))
  })

  it('bad values: CONFIG_INVALID naming every bad setting', () => {
    try {
      loadNodeConfig({ overrides: { rpc: { port: 70_000 }, genesis: { accounts: [{ address: 'nope', balance: '1' }] } } as never })
      expect.unreachable()
    } catch (e) {
      expect((e as ConfigError).code).toBe('CONFIG_INVALID')
      expect((e as ConfigError).issues.map((i) => i.path).sort()).toEqual(['genesis.accounts.0.address', 'rpc.port'])
    }
  })

  it('unknown key in the file: CONFIG_INVALID (typos do not pass silently)', () => {
    expect(codeOf(() => loadNodeConfig({ overrides: { rcp: {} } as never }))).toBe('CONFIG_INVALID')
  })

  it('unknown flag: CONFIG_UNKNOWN_FLAG; non-numeric port: CONFIG_INVALID; missing file: CONFIG_FILE_UNREADABLE', () => {
    expect(codeOf(() => loadNodeConfig({ argv: ['--bogus'] }))).toBe('CONFIG_UNKNOWN_FLAG')
    expect(codeOf(() => loadNodeConfig({ argv: ['--rpc-port', 'eighty'] }))).toBe('CONFIG_INVALID')
    expect(codeOf(() => loadNodeConfig({ argv: ['--config', '/nonexistent/x.json'] }))).toBe('CONFIG_FILE_UNREADABLE')
  })
})
