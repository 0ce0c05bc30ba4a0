import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeValue } from '../contracts/sdk/abi.ts'
import { artifact } from '../test/support/vmHarness.ts'
import { contractAddress } from './chain/contractAddress.ts'
import { encodeTransaction } from './chain/encodeTransaction.ts'
import { signTransaction } from './chain/signTransaction.ts'
import type { Payload } from './chain/types.ts'
import { loadNodeConfig } from './config/loadNodeConfig.ts'
import { closeNode, createNode } from './createNode.ts'
import type { Node } from './Node.ts'
import { getLogs, type Log } from './queries.ts'
import { revertToHeight } from './revertToHeight.ts'
import { submitTransaction } from './submitTransaction.ts'

const args = (...a: unknown[]) => JSON.stringify(encodeValue(a))
let node: Node | undefined
let dir: string | undefined
afterEach(async () => {
  if (node) await closeNode(node)
  if (dir) rmSync(dir, { recursive: true, force: true })
  node = dir = undefined
})

/** A node with an ERC20 whose blocks (one transaction each) alternate Transfer and Approval events. */
async function tokenWithEvents(onDisk: boolean) {
  dir = onDisk ? mkdtempSync(path.join(tmpdir(), 'tsvm-logs-')) : undefined
  const n = (node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 3 }, ...(dir ? { dataDir: dir } : {}) } })))
  const owner = n.devAccounts[0]!.address
  const send = async (payload: Payload, gasLimit = 2_000_000) => {
    // The account's nonce each time: a revert takes it back.
    const nonce = n.flat.getAccount(owner)?.nonce ?? 0n
    const r = await submitTransaction(n, encodeTransaction(signTransaction({ chainId: n.config.chainId, nonce, gasLimit, gasPrice: 1n, value: 0n, payload }, n.devAccounts[0]!.keys.secretKey)))
    if (!r.ok) throw new Error(r.code)
    return n.head.header.height
  }
  const erc20 = await artifact('contracts/standard/ERC20.ts')
  await send({ type: 'deploy', code: erc20.code, args: args('T', 'T', 18, 10n ** 24n) }, 80_000_000)
  const token = contractAddress(owner, 0n)
  const other = n.devAccounts[1]!.address
  const send2 = (method: string, amount: bigint) => send({ type: 'call', to: token, method, args: args(other, amount) })
  const heights: Record<string, number> = {}
  for (let i = 1; i <= 4; i++) {
    heights[`transfer${i}`] = await send2('transfer', BigInt(i))
    heights[`approve${i}`] = await send2('approve', BigInt(i))
  }
  return { n, token, heights, send2 }
}

const brief = (logs: Log[]) => logs.map((l) => `${l.name}@${l.blockHeight}`)

describe.each([
  ['in memory', false],
  ['LevelDB on disk', true],
])('getLogs %s', (_name, onDisk) => {
  it('one name or all names, bounded by block range and limit, oldest first', async () => {
    const { n, token, heights: h } = await tokenWithEvents(onDisk)
    const all = await getLogs(n, { contract: token })
    // The deploy's mint Transfer, then the alternating calls: in chain order across names.
    expect(all.map((l) => l.name)).toEqual(['Transfer', 'Transfer', 'Approval', 'Transfer', 'Approval', 'Transfer', 'Approval', 'Transfer', 'Approval'])
    expect(all.map((l) => l.blockHeight)).toEqual([...all.map((l) => l.blockHeight)].sort((a, b) => a - b))

    expect(brief(await getLogs(n, { contract: token, event: 'Approval', fromBlock: h.transfer2!, toBlock: h.transfer4! }))).toEqual([`Approval@${h.approve2}`, `Approval@${h.approve3}`])
    expect(brief(await getLogs(n, { contract: token, fromBlock: h.approve3!, toBlock: h.transfer4! }))).toEqual([`Approval@${h.approve3}`, `Transfer@${h.transfer4}`])
    expect(brief(await getLogs(n, { contract: token, fromBlock: h.transfer1!, limit: 3 }))).toEqual([`Transfer@${h.transfer1}`, `Approval@${h.approve1}`, `Transfer@${h.transfer2}`])
    expect(await getLogs(n, { contract: token, fromBlock: h.approve4! + 1 })).toEqual([])
    expect(await getLogs(n, { contract: token, fromBlock: h.approve2!, toBlock: h.transfer2! })).toEqual([])
    expect(await getLogs(n, { contract: token, event: 'NoSuchEvent' })).toEqual([])
    expect(await getLogs(n, { contract: n.devAccounts[2]!.address })).toEqual([])
    const [first] = await getLogs(n, { contract: token, event: 'Transfer', fromBlock: h.transfer3!, toBlock: h.transfer3! })
    expect(first).toMatchObject({ contract: token, name: 'Transfer', blockHeight: h.transfer3, txIndex: 0, logIndex: 0 })
    expect(JSON.parse(first!.data)).toMatchObject({ to: n.devAccounts[1]!.address, value: '3' })
  })

  it('after a revert, the undone blocks’ events are gone and new ones are found', async () => {
    const { n, token, heights: h, send2 } = await tokenWithEvents(onDisk)
    expect(await revertToHeight(n, h.approve2!)).toBe(true)
    expect(brief(await getLogs(n, { contract: token, fromBlock: h.transfer2! }))).toEqual([`Transfer@${h.transfer2}`, `Approval@${h.approve2}`])
    const again = await send2('approve', 7n)
    expect(brief(await getLogs(n, { contract: token, fromBlock: h.transfer2! }))).toEqual([`Transfer@${h.transfer2}`, `Approval@${h.approve2}`, `Approval@${again}`])
  })
})
