import { afterEach, describe, expect, it } from 'vitest'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import type { Node } from '../../node/Node.ts'
import { blockByNumber, receiptByHash } from '../../node/queries.ts'
import { submitTransaction } from '../../node/submitTransaction.ts'

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
    // The first was checked inline (the node was idle); the others while its block was made.
    expect(n.verifier.singles).toEqual({ inline: 1, worker: 5 })
  })
})
