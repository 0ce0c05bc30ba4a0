import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import type { Node } from '../../node/Node.ts'
import { blockByNumber, getProof, receiptByHash } from '../../node/queries.ts'
import { submitTransaction } from '../../node/submitTransaction.ts'
import { mineIfPending } from '../../node/mineBlock.ts'
import { contractAddress } from '../../node/chain/contractAddress.ts'
import { artifact } from '../support/vmHarness.ts'
import { NS, scanPrefix } from '../../node/storage/ChainStore.ts'
import { verifyProof } from '../../node/state/verifyProof.ts'
import { accountKey } from '../../node/state/stateKeys.ts'
import { encodeAccount } from '../../node/state/Account.ts'

let node: Node | undefined
afterEach(async () => {
  if (node) await closeNode(node)
  node = undefined
})

function transfer(n: Node, from: number, nonce: bigint): Uint8Array {
  const tx = signTransaction({ chainId: n.config.chainId, nonce, gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to: n.devAccounts[9]!.address } }, n.devAccounts[from]!.keys.secretKey)
  return encodeTransaction(tx)
}

describe('automine', () => {
  it('concurrent senders: every transaction gets its own block, and its receipt exists when its submit resolves', async () => {
    node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 10 } } }))
    const n = node
    const start = n.head.header.height
    const sends = Array.from({ length: 8 }, (_, i) => transfer(n, i % 4, BigInt(Math.floor(i / 4))))
    const results = await Promise.all(
      sends.map(async (bytes) => {
        const r = await submitTransaction(n, bytes)
        if (!r.ok) throw new Error(r.code)
        const found = await receiptByHash(n, r.hash)
        return { status: found?.receipt.status, height: found?.location.blockHeight }
      }),
    )
    expect(results.every((r) => r.status === 'success')).toBe(true)
    expect(new Set(results.map((r) => r.height)).size).toBe(8)
    expect(n.head.header.height).toBe(start + 8)
    for (let h = start + 1; h <= start + 8; h++) expect((await blockByNumber(n, h))!.block.transactions).toHaveLength(1)
  })

  it('a nonce gap: the later transaction waits (no empty block), then is mined right after the one that fills the gap', async () => {
    node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 10 } } }))
    const start = node.head.header.height
    const later = await submitTransaction(node, transfer(node, 0, 1n))
    expect(later.ok).toBe(true)
    expect(node.head.header.height).toBe(start)
    expect(node.mempool.byHash.size).toBe(1)
    const first = await submitTransaction(node, transfer(node, 0, 0n))
    expect(first.ok).toBe(true)
    expect(node.head.header.height).toBe(start + 2)
    expect(node.mempool.byHash.size).toBe(0)
    const [a, b] = [await receiptByHash(node, first.ok ? first.hash : ''), await receiptByHash(node, later.ok ? later.hash : '')]
    expect([a?.location.blockHeight, b?.location.blockHeight]).toEqual([start + 1, start + 2])
  })
})

describe('where state-tree nodes are kept', () => {
  const treeNodesInStore = async (n: Node) => (await scanPrefix(n.store, Uint8Array.of(NS.stateNode))).length

  it('in memory: only in the node cache (the store has none), and proofs at the head still verify', async () => {
    node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 10 } } }))
    const n = node
    for (let i = 0; i < 3; i++) expect((await submitTransaction(n, transfer(n, i, 0n))).ok).toBe(true)
    expect(n.store.treeNodesInCache).toBe(true)
    expect(await treeNodesInStore(n)).toBe(0)
    const p = await getProof(n, n.devAccounts[0]!.address, [])
    expect(verifyProof(Buffer.from(p.stateRoot.slice(2), 'hex'), accountKey(n.devAccounts[0]!.address), encodeAccount(p.account!), p.accountProof)).toBe(true)
  })

  it('on disk (LevelDB): every new node is in the store, in the block\'s batch', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-nodes-'))
    try {
      node = await createNode(loadNodeConfig({ overrides: { dataDir: dir, genesis: { devAccounts: 10 } } }))
      const before = await treeNodesInStore(node)
      expect(node.store.treeNodesInCache).toBe(false)
      expect(before).toBeGreaterThan(0)
      expect((await submitTransaction(node, transfer(node, 0, 0n))).ok).toBe(true)
      expect(await treeNodesInStore(node)).toBeGreaterThan(before)
    } finally {
      if (node) await closeNode(node)
      node = undefined
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/**
 * For the backstop tests: a backstop of 250 ms (not less: the contract's deploy runs under it too,
 * and on a busy machine that has taken over 20 ms), and gas limits that would let an endless loop
 * run for minutes (100 million gas of it take ~0.4 s here).
 */
const BACKSTOP = { vm: { limits: { backstopMs: 250 } } }
const ENDLESS_GAS = { maxTxGas: 50_000_000_000, blockGasLimit: 50_000_000_000 }

describe('a call stopped by the wall-clock backstop (not a consensus outcome)', () => {
  it('is left out: TX_EXECUTION_ABORTED for the sender, nothing charged, no empty block made, the next transaction still mined', async () => {
    // A gas limit that lets the endless loop run for minutes: the backstop stops it.
    node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 2 }, gas: ENDLESS_GAS } }), BACKSTOP)
    const n = node
    const key = n.devAccounts[0]!.keys.secretKey
    const owner = n.devAccounts[0]!.address
    const sign = (nonce: bigint, payload: Parameters<typeof signTransaction>[0]['payload'], gasLimit: number) =>
      encodeTransaction(signTransaction({ chainId: n.config.chainId, nonce, gasLimit, gasPrice: 1n, value: 0n, payload }, key))
    const hostile = await artifact('test/contracts/hostile/Hostile.ts')
    const deployed = await submitTransaction(n, sign(0n, { type: 'deploy', code: hostile.code, args: '[]' }, 80_000_000))
    expect(deployed.ok).toBe(true)
    const target = contractAddress(owner, 0n)
    const before = n.flat.getAccount(owner)!
    const height = n.head.header.height

    const r = await submitTransaction(n, sign(1n, { type: 'call', to: target, method: 'infiniteLoop', args: '[]' }, n.config.gas.maxTxGas))
    expect(r.ok).toBe(false)
    expect(!r.ok && r.code).toBe('TX_EXECUTION_ABORTED')
    expect(n.flat.getAccount(owner)).toEqual(before)
    expect(n.mempool.byHash.size).toBe(0)
    expect(n.head.header.height).toBe(height)

    // The same nonce again, now a call that finishes: mined.
    const next = await submitTransaction(n, sign(1n, { type: 'call', to: target, method: 'bump', args: '[]' }, 2_000_000))
    expect(next.ok).toBe(true)
    const mined = await receiptByHash(n, next.ok ? next.hash : '')
    expect(mined?.receipt.status).toBe('success')
    expect(mined?.location.blockHeight).toBe(height + 1)
  })
})

describe('signatures of concurrent submissions', () => {
  it('verified on a worker while a block is being made: same verdicts (a corrupted one is TX_BAD_SIGNATURE, the rest are mined)', async () => {
    node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 10 } } }))
    const n = node
    expect(await n.verifier.workersUp()).toBe(true)
    const sends = Array.from({ length: 6 }, (_, i) => transfer(n, i, 0n))
    sends[3] = Uint8Array.from(sends[3]!)
    sends[3][sends[3].length - 40]! ^= 0x01 // inside the signature's S half
    const results = await Promise.all(sends.map((bytes) => submitTransaction(n, bytes)))
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', 'ok', 'TX_BAD_SIGNATURE', 'ok', 'ok'])
    for (const r of results) if (r.ok) expect((await receiptByHash(n, r.hash))?.receipt.status).toBe('success')
    // The first may be checked inline (the node was idle); the others while its block was made.
    expect(n.verifier.singles.worker).toBeGreaterThanOrEqual(5)
    expect(n.verifier.singles.inline + n.verifier.singles.worker).toBe(6)
  })
})

describe('a run of automined blocks (several transactions waiting)', () => {
  // Interval mining an hour apart: submitting only admits, and the test calls automine itself.
  const waiting = (devAccounts: number, vm?: Parameters<typeof createNode>[1], gas?: typeof ENDLESS_GAS) =>
    createNode(loadNodeConfig({ overrides: { consensus: { blockTimeMs: 3_600_000 }, genesis: { devAccounts }, ...(gas && { gas }) } }), vm)
  const sign = (n: Node, from: number, nonce: bigint, payload: Parameters<typeof signTransaction>[0]['payload'], gasPrice = 1n, gasLimit = 2_000_000) =>
    encodeTransaction(signTransaction({ chainId: n.config.chainId, nonce, gasLimit, gasPrice, value: 0n, payload }, n.devAccounts[from]!.keys.secretKey))

  it('a block each, executed one after another and then sealed: the same blocks as made one at a time (a deploy and a call to it, nonces in a row)', async () => {
    const erc20 = await artifact('contracts/standard/ERC20.ts')
    const [inRun, oneByOne] = [await waiting(4), await waiting(4)]
    try {
      const heights = [inRun.head.header.height, oneByOne.head.header.height]
      for (const n of [inRun, oneByOne]) {
        const token = contractAddress(n.devAccounts[0]!.address, 0n)
        const sends = [
          sign(n, 0, 0n, { type: 'deploy', code: erc20.code, args: JSON.stringify(['T', 'T', 18, '1000']) }, 1n, 80_000_000),
          sign(n, 0, 1n, { type: 'call', to: token, method: 'transfer', args: JSON.stringify([n.devAccounts[1]!.address, '10']) }),
          sign(n, 1, 0n, { type: 'transfer', to: n.devAccounts[3]!.address }, 1n, 21_000),
          sign(n, 0, 2n, { type: 'call', to: token, method: 'transfer', args: JSON.stringify([n.devAccounts[2]!.address, '5']) }),
          sign(n, 2, 0n, { type: 'transfer', to: n.devAccounts[3]!.address }, 1n, 21_000),
        ]
        for (const bytes of sends) expect((await submitTransaction(n, bytes)).ok).toBe(true)
      }
      expect(await mineIfPending(inRun)).toBe(5)
      for (let i = 0; i < 5; i++) expect(await mineIfPending(oneByOne, { maxBlocks: 1 })).toBe(1)
      expect(await mineIfPending(oneByOne, { maxBlocks: 1 })).toBeUndefined()
      for (let i = 1; i <= 5; i++) {
        const [a, b] = [(await blockByNumber(inRun, heights[0]! + i))!, (await blockByNumber(oneByOne, heights[1]! + i))!]
        expect(a.block.transactions).toHaveLength(1)
        const pick = (x: typeof a) => ({ stateRoot: x.block.header.stateRoot, txRoot: x.block.header.txRoot, receiptsRoot: x.block.header.receiptsRoot, gasUsed: x.block.header.gasUsed })
        expect(pick(a)).toEqual(pick(b))
        expect(a.block.header.timestamp).toBeGreaterThan((await blockByNumber(inRun, heights[0]! + i - 1))!.block.header.timestamp)
      }
      expect(inRun.head.header.stateRoot).toBe(oneByOne.head.header.stateRoot)
      expect(inRun.mempool.byHash.size).toBe(0)
      const token = contractAddress(inRun.devAccounts[0]!.address, 0n)
      expect(inRun.flat.getAccount(inRun.devAccounts[0]!.address)!.nonce).toBe(3n)
      expect(inRun.flat.getAccount(token)?.codeHash).toBeDefined()
    } finally {
      await closeNode(inRun)
      await closeNode(oneByOne)
    }
  })

  it('a candidate left out ends the run: no block for it, it leaves the pool with its code, and those after it wait for the next run', async () => {
    node = await waiting(3, BACKSTOP, ENDLESS_GAS)
    const n = node
    const hostile = await artifact('test/contracts/hostile/Hostile.ts')
    expect((await submitTransaction(n, sign(n, 0, 0n, { type: 'deploy', code: hostile.code, args: '[]' }, 1n, 80_000_000))).ok).toBe(true)
    expect(await mineIfPending(n)).toBe(1)
    const height = n.head.header.height
    // Picked in fee order: the transfer, then the endless loop (left out), then the last transfer.
    const first = await submitTransaction(n, sign(n, 1, 0n, { type: 'transfer', to: n.devAccounts[2]!.address }, 3n, 21_000))
    const loop = await submitTransaction(n, sign(n, 0, 1n, { type: 'call', to: contractAddress(n.devAccounts[0]!.address, 0n), method: 'infiniteLoop', args: '[]' }, 2n, n.config.gas.maxTxGas))
    const last = await submitTransaction(n, sign(n, 2, 0n, { type: 'transfer', to: n.devAccounts[1]!.address }, 1n, 21_000))
    if (!first.ok || !loop.ok || !last.ok) throw new Error('not admitted')
    expect(await mineIfPending(n)).toBe(1)
    expect(n.head.header.height).toBe(height + 1)
    expect((await receiptByHash(n, first.hash))?.location.blockHeight).toBe(height + 1)
    expect(n.recentExclusions.get(loop.hash)).toBe('TX_EXECUTION_ABORTED')
    expect([...n.mempool.byHash.keys()]).toEqual([last.hash])
    expect(await mineIfPending(n)).toBe(1)
    expect((await receiptByHash(n, last.hash))?.location.blockHeight).toBe(height + 2)
    expect(await mineIfPending(n)).toBeUndefined()
  })
})
