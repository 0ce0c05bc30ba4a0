import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, runToolkit, type Project } from './fixtures/project.ts'

let project: Project
beforeAll(() => {
  project = createProject()
})
afterAll(() => project.remove())

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('toolkit configuration errors', () => {
  it('error: an invalid config exits 2 with TK_CONFIG_INVALID and the field paths', async () => {
    project.writeConfig(`{ paths: { contracts: 3 }, networks: { local: { url: 'ftp://nowhere' } } } as never`)
    const r = await runToolkit(['compile'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_CONFIG_INVALID: /m)
    expect(r.stderr).toMatch(/^ {2}paths\.contracts: /m)
    expect(r.stderr).toMatch(/^ {2}networks\.local\.url: /m)
  })

  it('error: a misspelt field exits 2 with TK_CONFIG_INVALID and its path', async () => {
    project.writeConfig(`{ gasReprot: true } as never`)
    const r = await runToolkit(['accounts'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^ {2}gasReprot: /m)
  })

  it('error: a config that throws exits 2 with TK_CONFIG_LOAD_FAILED', async () => {
    project.write('toolkit.config.ts', "throw new Error('boom')\n")
    const r = await runToolkit(['compile'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_CONFIG_LOAD_FAILED: /m)
  })

  it('error: an unknown network exits 2 with TK_UNKNOWN_NETWORK, whatever the command', async () => {
    project.writeConfig('{}')
    for (const args of [['accounts', '--network', 'mainnet'], ['--network', 'mainnet', 'compile'], ['balance', '0x' + '1'.repeat(40), '--network', 'mainnet']]) {
      const r = await runToolkit(args, project.dir)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^TK_UNKNOWN_NETWORK: /m)
    }
  })

  it('error: a node that does not answer exits 1 with TK_NETWORK_UNREACHABLE', async () => {
    project.writeConfig(`{ networks: { local: { url: 'http://127.0.0.1:${await closedPort()}' } } }`)
    const r = await runToolkit(['balance', '0x' + '1'.repeat(40), '--network', 'local'], project.dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^TK_NETWORK_UNREACHABLE: /m)
  })

  it('error: an env: account whose variable is unset exits 2 with TK_ACCOUNT_UNAVAILABLE when used', async () => {
    project.writeConfig(`{ networks: { devnet: { inProcess: true, accounts: ['env:TOOLKIT_TEST_UNSET_KEY'] } } }`)
    expect((await runToolkit(['accounts'], project.dir)).code).toBe(0)
    expect((await runToolkit(['compile'], project.dir)).code).toBe(0)
    const r = await runToolkit(['send', 'Token', '0x' + '1'.repeat(40), 'transfer', '0x' + '2'.repeat(40), '1'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_ACCOUNT_UNAVAILABLE: /m)
  })
})
