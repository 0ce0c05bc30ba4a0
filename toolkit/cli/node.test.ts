import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Artifact } from '../compiler/compileContract.ts'
import { createHttpProvider, createWallet, deployContract } from '../client/index.ts'
import type { Provider } from '../client/Provider.ts'
import { createProject, runToolkit, startToolkit, type Project, type RunningToolkit } from './fixtures/project.ts'

const ALICE = '0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200' // dev account 0
const BOB = '0x2f72aa5388db1f20616cb4466b909af8e43d65b4' // dev account 1
const E18 = 10n ** 18n

let project: Project
let node: RunningToolkit
let provider: Provider
let token: string

beforeAll(async () => {
  project = createProject()
  expect((await runToolkit(['compile'], project.dir)).code).toBe(0)
  node = startToolkit(['node', '--port', '0'], project.dir)
  const [, url] = await node.waitFor(/JSON-RPC\s+(http:\/\/\S+)/)
  // Point the project's `local` network at the node: --network local now reaches it.
  project.writeConfig(`{ networks: { local: { url: ${JSON.stringify(url)} } } }`)
  // Deploying is `toolkit deploy`'s job (not part of this command set): the client library does it here.
  provider = createHttpProvider(url!)
  const artifact = JSON.parse(readFileSync(path.join(project.dir, 'artifacts/Token.json'), 'utf8')) as Artifact
  const deployed = await deployContract(createWallet(0, provider), artifact, ['Token', 'TKN', 18, 1_000_000n * E18])
  token = deployed.address
})

afterAll(async () => {
  await provider?.close()
  await node?.stop('SIGKILL')
  project?.remove()
})

describe('toolkit node, call, send', () => {
  it('node: prints the RPC URL and the prefunded accounts with keys', () => {
    expect(node.output()).toContain(ALICE)
    expect(node.output()).toMatch(/key 0x[0-9a-f]{64}/)
  })

  it('call: reads a view as JSON, bigints as strings', async () => {
    const r = await runToolkit(['call', 'Token', token, 'balanceOf', ALICE, '--network', 'local'], project.dir)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toBe((1_000_000n * E18).toString())
  })

  it('send: a transfer is mined; call then reads the new balance', async () => {
    const amount = (1234n * E18).toString() // past Number's exact range: parsed exactly
    const sent = await runToolkit(['send', 'Token', token, 'transfer', BOB, amount, '--network', 'local'], project.dir)
    expect(sent.stderr).toBe('')
    expect(sent.code).toBe(0)
    const r = await runToolkit(['call', 'Token', token, 'balanceOf', BOB, '--network', 'local'], project.dir)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toBe(amount)
  })

  it('send --from: signs with another account of the network', async () => {
    const sent = await runToolkit(['send', 'Token', token, 'transfer', ALICE, String(4n * E18), '--from', '1', '--network', 'local'], project.dir)
    expect(sent.code).toBe(0)
    const r = await runToolkit(['call', 'Token', token, 'balanceOf', BOB, '--network', 'local'], project.dir)
    expect(JSON.parse(r.stdout)).toBe((1230n * E18).toString())
  })

  it('error: a reverting send exits 1 with TK_CALL_FAILED at the contract line', async () => {
    const r = await runToolkit(['send', 'Token', token, 'transfer', ALICE, '1', '--from', '5', '--network', 'local'], project.dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^TK_CALL_FAILED: REVERT: .*\(contracts\/Token\.ts:\d+\)$/m)
  })

  it('error: call on a state-changing method exits 2 with TK_UNKNOWN_METHOD', async () => {
    const r = await runToolkit(['call', 'Token', token, 'transfer', BOB, '1', '--network', 'local'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_UNKNOWN_METHOD: /m)
  })

  it('error: an argument of the wrong type exits 2 with TK_INVALID_ARGUMENT', async () => {
    const r = await runToolkit(['send', 'Token', token, 'transfer', BOB, 'lots', '--network', 'local'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_INVALID_ARGUMENT: /m)
  })

  it('error: an artifact that does not exist exits 2 with TK_NO_ARTIFACT', async () => {
    const r = await runToolkit(['call', 'Nope', token, 'name', '--network', 'local'], project.dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_NO_ARTIFACT: /m)
  })

  it('balance and accounts: read the node', async () => {
    const b = await runToolkit(['balance', BOB, '--network', 'local'], project.dir)
    expect(b.code).toBe(0)
    expect(BigInt(b.stdout.trim())).toBeGreaterThan(0n)
    const a = await runToolkit(['accounts', '--network', 'local'], project.dir)
    expect(a.code).toBe(0)
    expect(a.stdout).toContain(BOB)
  })

  it('node: Ctrl-C (SIGINT) stops it with exit code 0', async () => {
    expect(await node.stop('SIGINT')).toBe(0)
  })
})
