import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeValue } from '../../contracts/sdk/abi.ts'
import { contractAddress } from '../../node/chain/contractAddress.ts'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import type { Payload } from '../../node/chain/types.ts'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode, NodeError } from '../../node/createNode.ts'
import type { Node } from '../../node/Node.ts'
import { blockByNumber, receiptByHash } from '../../node/queries.ts'
import { automine } from '../../node/mineBlock.ts'
import { receiveBlock } from '../../node/receiveBlock.ts'
import { revertToHeight } from '../../node/revertToHeight.ts'
import { nodeMethods } from '../../node/rpc/startRpc.ts'
import { StoreThreadError } from '../../node/storeThread/StoreClient.ts'
import { submitTransaction } from '../../node/submitTransaction.ts'
import { artifact } from '../support/vmHarness.ts'

const nodes: Node[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const n of nodes.splice(0)) await closeNode(n).catch(() => undefined)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function start(overrides: Parameters<typeof loadNodeConfig>[0] extends infer O ? (O extends { overrides?: infer V } ? V : never) : never = {}): Promise<Node> {
  const node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 8 }, ...overrides } }))
  nodes.push(node)
  return node
}

function signer(node: Node, account: number) {
  let nonce = 0n
  return (payload: Payload, gasLimit = 2_000_000) =>
    encodeTransaction(signTransaction({ chainId: node.config.chainId, nonce: nonce++, gasLimit, gasPrice: 1n, value: 0n, payload }, node.devAccounts[account]!.keys.secretKey))
}

describe('the store thread', () => {
  it('blocks made while earlier ones were still being sealed are the blocks a second node computes on import (same roots, same head)', async () => {
    const producer = await start()
    const erc20 = await artifact('contracts/standard/ERC20.ts')
    const owner = signer(producer, 0)
    expect((await submitTransaction(producer, owner({ type: 'deploy', code: erc20.code, args: JSON.stringify(encodeValue(['T', 'T', 18, 10n ** 24n])) }, 80_000_000))).ok).toBe(true)
    const token = contractAddress(producer.devAccounts[0]!.address, 0n)
    for (let i = 1; i < 8; i++) await submitTransaction(producer, owner({ type: 'call', to: token, method: 'transfer', args: JSON.stringify([producer.devAccounts[i]!.address, '1000']) }))
    // Seven senders at once, four transactions each: automine makes each block on the one before
    // while that one is still with the store thread.
    const senders = Array.from({ length: 7 }, (_, i) => signer(producer, i + 1))
    const results = await Promise.all(
      senders.map(async (sign, i) => {
        const out: string[] = []
        for (let k = 0; k < 4; k++) {
          const r = await submitTransaction(producer, sign({ type: 'call', to: token, method: 'transfer', args: JSON.stringify([producer.devAccounts[(i + 2) % 8]!.address, '1']) }))
          if (!r.ok) throw new Error(r.code)
          out.push((await receiptByHash(producer, r.hash))!.receipt.status)
        }
        return out
      }),
    )
    expect(results.flat().every((s) => s === 'success')).toBe(true)
    expect(producer.inFlight).toHaveLength(0)

    const follower = await start()
    for (let h = 1; h <= producer.head.header.height; h++) {
      const r = await receiveBlock(follower, (await blockByNumber(producer, h))!.block)
      expect(r.ok, r.ok ? '' : `${r.code} ${r.detail}`).toBe(true)
    }
    expect(follower.head.hash).toBe(producer.head.hash)
    for (const a of producer.devAccounts) expect(follower.flat.getAccount(a.address)).toEqual(producer.flat.getAccount(a.address))
  })

  it('a revert while blocks are in flight waits for them to be committed, then undoes them', async () => {
    // Interval mining (an hour apart): submitting only admits, and the test runs automine itself.
    const node = await start({ consensus: { blockTimeMs: 3_600_000 } })
    const start0 = node.head.header.height
    for (let i = 0; i < 6; i++) expect((await submitTransaction(node, signer(node, i)({ type: 'transfer', to: node.devAccounts[7]!.address }, 21_000))).ok).toBe(true)
    // Executed and handed to the store thread; the answer does not wait for the commits.
    expect(await automine(node)).toBe(6)
    expect(await revertToHeight(node, start0)).toBe(true)
    expect(node.inFlight).toHaveLength(0)
    expect(node.head.header.height).toBe(start0)
    expect(node.flat.getAccount(node.devAccounts[0]!.address)!.nonce).toBe(0n)
    expect((await blockByNumber(node, start0 + 1))).toBeUndefined()
  })

  it('when the thread dies: submitting fails with NODE_STORE_FAILED (STORE_FAILED over RPC), nothing hangs, the in-memory state still answers', async () => {
    const node = await start()
    const sign = signer(node, 0)
    expect((await submitTransaction(node, sign({ type: 'transfer', to: node.devAccounts[1]!.address }, 21_000))).ok).toBe(true)
    const balance = node.flat.getAccount(node.devAccounts[1]!.address)!.balance
    await (node.store as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate()
    await new Promise((r) => setTimeout(r, 20))
    const failure = await submitTransaction(node, sign({ type: 'transfer', to: node.devAccounts[1]!.address }, 21_000)).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(StoreThreadError)
    expect((failure as StoreThreadError).code).toBe('NODE_STORE_FAILED')
    const methods = nodeMethods(node)
    const rpc = await Promise.resolve(methods.chain_getBlockByNumber!.handler([1, false], {} as never)).catch((e: unknown) => e)
    expect((rpc as { code?: number }).code).toBe(-32055)
    expect((rpc as { data?: { code?: string } }).data?.code).toBe('NODE_STORE_FAILED')
    expect(methods.chain_getBalance!.handler([node.devAccounts[1]!.address], {} as never)).toBe(balance.toString())
  })

  it('a data directory another node has open: NODE_DATA_LOCKED, and the first node carries on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-locked-'))
    dirs.push(dir)
    const first = await start({ dataDir: dir })
    const second = await createNode(loadNodeConfig({ overrides: { dataDir: dir, genesis: { devAccounts: 8 } } })).catch((e: unknown) => e)
    expect(second).toBeInstanceOf(NodeError)
    expect((second as NodeError).code).toBe('NODE_DATA_LOCKED')
    expect((await submitTransaction(first, signer(first, 0)({ type: 'transfer', to: first.devAccounts[1]!.address }, 21_000))).ok).toBe(true)
  })
})
