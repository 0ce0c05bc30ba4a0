/**
 * `toolkit dev`, end to end: an erc20 project from `toolkit init` (dependencies linked), the
 * command in a child process on a free port. It deploys the token; an edit of contracts/Token.ts
 * that keeps the methods is reloaded in place (same address, storage kept); a syntax error is
 * reported with file:line while the old code keeps answering; SIGTERM exits 0.
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

const ALICE = '0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200' // dev account 0, the deployer

let dir: string
let dev: RunningToolkit
let provider: Provider

beforeAll(async () => {
  dir = path.join(tempDir('toolkit-dev-'), 'token')
  expect((await toolkit(['init', dir], os.tmpdir())).code).toBe(0)
  linkDependencies(dir)
  dev = startToolkit(['dev', '--port', '0'], dir)
  const [, url] = await dev.waitFor(/JSON-RPC\s+(http:\/\/\S+)/)
  provider = createHttpProvider(url!)
}, 120_000)

afterAll(async () => {
  await provider?.close()
  await dev?.stop('SIGKILL')
})

const tokenAddress = () => (JSON.parse(readFileSync(path.join(dir, 'deployments/dev.json'), 'utf8')) as { Token: { address: string } }).Token.address
async function view(address: string, method: string, args: unknown[] = []): Promise<unknown> {
  const out = await callRpc(provider, 'chain_call', [{ to: address, method, args }])
  expect(out.status).toBe('success')
  return JSON.parse(out.returnValue!)
}

describe('toolkit dev', () => {
  let address: string
  let balance: unknown

  it('starts a node and deploys the project, recording deployments/dev.json', async () => {
    await dev.waitFor(/^\{"event":"watching"\}$/m, 120_000)
    expect(dev.output()).toMatch(/"event":"deployed"/)
    address = tokenAddress()
    expect(address).toMatch(/^0x[0-9a-f]{40}$/)
    expect(await view(address, 'name')).toBe('My Token')
    balance = await view(address, 'balanceOf', [ALICE])
    expect(BigInt(balance as string)).toBeGreaterThan(0n)
  }, 120_000)

  it('an edit that keeps the methods is reloaded in place: same address, storage kept', async () => {
    const file = path.join(dir, 'contracts/Token.ts')
    const source = readFileSync(file, 'utf8')
    const edited = source.replace("view((): string => tokenName.getOr(''))", "view((): string => 'Reloaded ' + tokenName.getOr(''))")
    expect(edited).not.toBe(source)
    writeFileSync(file, edited)
    const [line] = await dev.waitFor(/^\{"event":"reloaded","contract":"Token".*\}$/m, 60_000)
    const { ms } = JSON.parse(line) as { ms: number }
    console.log(`toolkit dev: Token reloaded in ${ms} ms`)
    expect(dev.output()).toMatch(/Token\.ts changed → reloaded Token at 0x[0-9a-f]{40} in \d+ ms \(storage kept\)/)
    expect(tokenAddress()).toBe(address)
    expect(await view(address, 'name')).toBe('Reloaded My Token')
    expect(await view(address, 'balanceOf', [ALICE])).toEqual(balance)
  }, 120_000)

  it('a compile error is reported with file:line; the previous code keeps running', async () => {
    const file = path.join(dir, 'contracts/Token.ts')
    writeFileSync(file, readFileSync(file, 'utf8') + '\nexport const broken = view((): string => {\n')
    await dev.waitFor(/^Token\.ts changed → compile error: contracts\/Token\.ts:\d+.*\(the previous code keeps running\)$/m, 60_000)
    expect(await view(address, 'name')).toBe('Reloaded My Token')
  }, 120_000)

  it('SIGTERM stops it with exit code 0', async () => {
    expect(await dev.stop('SIGTERM')).toBe(0)
  }, 30_000)
})
