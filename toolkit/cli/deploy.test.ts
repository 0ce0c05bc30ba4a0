/**
 * `toolkit deploy`, end to end: an erc20 project from `toolkit init` (dependencies linked, see
 * init.test.ts), deployed to a node from `toolkit node --port 0`. The first deploy records
 * deployments/local.json; the second reuses every contract (no new block); --reset deploys again.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callRpc } from '../client/callRpc.ts'
import { createHttpProvider } from '../client/createHttpProvider.ts'
import type { Provider } from '../client/Provider.ts'
import { startToolkit, type RunningToolkit } from './fixtures/project.ts'
import { linkDependencies, tempDir, toolkit } from './init/testProject.ts'

interface Record {
  address: string
  codeHash: string
  txHash: string
  block: number
}

let dir: string
let node: RunningToolkit
let provider: Provider

beforeAll(async () => {
  dir = path.join(tempDir('toolkit-deploy-'), 'token')
  expect((await toolkit(['init', dir], os.tmpdir())).code).toBe(0)
  linkDependencies(dir)
  node = startToolkit(['node', '--port', '0'], dir)
  const [, url] = await node.waitFor(/JSON-RPC\s+(http:\/\/\S+)/)
  writeFileSync(path.join(dir, 'toolkit.config.ts'), `import { defineConfig } from 'tsvm/config'\n\nexport default defineConfig({ networks: { local: { url: ${JSON.stringify(url)} } } })\n`)
  provider = createHttpProvider(url!)
})

afterAll(async () => {
  await provider?.close()
  await node?.stop('SIGKILL')
})

const readRecords = () => JSON.parse(readFileSync(path.join(dir, 'deployments/local.json'), 'utf8')) as { [name: string]: Record }
const height = () => callRpc(provider, 'chain_blockNumber', [])

describe('toolkit deploy --network local', () => {
  let first: { [name: string]: Record }

  it('runs deploy/*.ts and records each contract in deployments/local.json', async () => {
    const r = await toolkit(['deploy', '--network', 'local'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    first = readRecords()
    expect(first.Token?.address).toMatch(/^0x[0-9a-f]{40}$/)
    expect(first.Token?.txHash).toMatch(/^0x[0-9a-f]+$/)
    expect(first.Token?.block).toBeGreaterThan(0)
    const code = await callRpc(provider, 'chain_getCode', [first.Token!.address])
    expect(code?.codeHash).toBe(first.Token!.codeHash)
  }, 120_000)

  it('console: the deployed contracts are in scope and answer typed calls (stdin piped)', async () => {
    const r = await toolkit(['console', '--network', 'local'], dir, 'const b = await Token.balanceOf(accounts[0]); typeof b + ":" + (b > 0n)\n.exit\n')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain("'bigint:true'")
  }, 60_000)

  it('--register without a registry address for the network: exit 2, TK_NO_REGISTRY', async () => {
    const r = await toolkit(['deploy', '--network', 'local', '--register'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('TK_NO_REGISTRY')
  }, 60_000)

  it('a second deploy reuses the recorded contracts: same addresses, no new block', async () => {
    const before = await height()
    const r = await toolkit(['deploy', '--network', 'local'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(readRecords()).toEqual(first)
    expect(await height()).toBe(before)
  }, 120_000)

  it('--reset deploys again: a new address and a new block', async () => {
    const before = await height()
    const r = await toolkit(['deploy', '--network', 'local', '--reset'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(readRecords().Token!.address).not.toBe(first.Token!.address)
    expect(await height()).toBeGreaterThan(before)
  }, 120_000)

  it('a script that throws: exit 1, TK_DEPLOY_SCRIPT_FAILED', async () => {
    writeFileSync(path.join(dir, 'deploy/02_broken.ts'), "export default async function deploy(): Promise<void> {\n  throw new Error('boom')\n}\n")
    const r = await toolkit(['deploy', '--network', 'local'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^TK_DEPLOY_SCRIPT_FAILED: /m)
  }, 120_000)
})
