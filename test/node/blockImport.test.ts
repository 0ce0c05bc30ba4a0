import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeValue } from '../../contracts/sdk/abi.ts'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import type { Block, Payload, SignedTransaction } from '../../node/chain/types.ts'
import { SignatureVerifier, verifySequential } from '../../node/execution/SignatureVerifier.ts'
import { mineBlock } from '../../node/mineBlock.ts'
import type { Node } from '../../node/Node.ts'
import { blockByNumber } from '../../node/queries.ts'
import { receiveBlock } from '../../node/receiveBlock.ts'
import { submitTransaction } from '../../node/submitTransaction.ts'
import { artifact } from '../support/vmHarness.ts'

const config = () => loadNodeConfig({ overrides: { consensus: { blockTimeMs: 3_600_000 }, genesis: { devAccounts: 3 } } })
let producer: Node
let blocks: Block[] = []

async function send(node: Node, from: number, nonce: bigint, payload: Payload): Promise<void> {
  const tx = signTransaction({ chainId: node.config.chainId, nonce, gasLimit: 50_000_000, gasPrice: 1n, value: 0n, payload }, node.devAccounts[from]!.keys.secretKey)
  const r = await submitTransaction(node, encodeTransaction(tx))
  if (!r.ok) throw new Error(r.code)
}

beforeAll(async () => {
  producer = await createNode(config())
  const erc20 = await artifact('contracts/standard/ERC20.ts')
  const [, b] = producer.devAccounts
  await send(producer, 0, 0n, { type: 'deploy', code: erc20.code, args: JSON.stringify(encodeValue(['T', 'T', 18, 10n ** 24n])) })
  await send(producer, 1, 0n, { type: 'transfer', to: producer.devAccounts[2]!.address })
  await mineBlock(producer)
  const token = (await import('../../node/chain/contractAddress.ts')).contractAddress(producer.devAccounts[0]!.address, 0n)
  for (let i = 1n; i <= 5n; i++) await send(producer, 0, i, { type: 'call', to: token, method: 'transfer', args: JSON.stringify([b!.address, '7']) })
  await send(producer, 0, 6n, { type: 'call', to: token, method: 'transfer', args: JSON.stringify([b!.address, '99999999999999999999999999']) })
  await mineBlock(producer)
  await mineBlock(producer)
  for (let h = 1; h <= producer.head.header.height; h++) blocks.push((await blockByNumber(producer, h))!.block)
})
afterAll(async () => {
  await closeNode(producer)
})

describe('block import', () => {
  it("a second node imports the producer's blocks: same heads, same state roots, same receipts", async () => {
    const follower = await createNode(config())
    try {
      expect(follower.genesisHash).toBe(producer.genesisHash)
      for (const b of blocks) {
        const r = await receiveBlock(follower, b)
        expect(r.ok, r.ok ? '' : `${r.code} ${r.detail}`).toBe(true)
      }
      expect(follower.head.hash).toBe(producer.head.hash)
      expect(follower.head.header.stateRoot).toBe(producer.head.header.stateRoot)
      expect(blocks[1]!.transactions).toHaveLength(6)
    } finally {
      await closeNode(follower)
    }
  })

  it('tampered blocks are rejected with a code and change nothing', async () => {
    const follower = await createNode(config())
    try {
      const b1 = blocks[0]!
      const tamper = async (block: Block) => receiveBlock(follower, block)
      const header = b1.header
      expect((await tamper({ ...b1, header: { ...header, stateRoot: '0x' + '11'.repeat(32) } })) ).toMatchObject({ ok: false, code: 'BLOCK_STATE_ROOT_MISMATCH' })
      expect(await tamper({ ...b1, header: { ...header, parentHash: '0x' + '22'.repeat(32) } })).toMatchObject({ ok: false, code: 'BLOCK_NOT_NEXT' })
      expect(await tamper({ ...b1, header: { ...header, gasUsed: header.gasUsed + 1 } })).toMatchObject({ ok: false, code: 'BLOCK_GAS_USED_MISMATCH' })
      const forged = { ...b1.transactions[1]!, value: 5n } as SignedTransaction
      const txs = [b1.transactions[0]!, forged]
      const { txRoot } = await import('../../node/chain/txRoot.ts')
      expect(await tamper({ header: { ...header, txRoot: txRoot(txs) }, transactions: txs })).toMatchObject({ ok: false, code: 'BLOCK_BAD_SIGNATURE' })
      expect(await tamper({ ...b1, transactions: [b1.transactions[0]!] })).toMatchObject({ ok: false, code: 'BLOCK_TX_ROOT_MISMATCH' })
      expect(follower.head.header.height).toBe(0)
      // After all that, the genuine block still imports.
      expect((await receiveBlock(follower, b1)).ok).toBe(true)
    } finally {
      await closeNode(follower)
    }
  })

  it('parallel signature verification gives the same verdicts as the sequential path (valid and corrupted)', async () => {
    const k = producer.devAccounts[0]!.keys
    const txs: SignedTransaction[] = []
    for (let i = 0; i < 400; i++) {
      let tx = signTransaction({ chainId: 'c', nonce: BigInt(i), gasLimit: 21_000, gasPrice: 1n, value: BigInt(i), payload: { type: 'transfer', to: producer.devAccounts[1]!.address } }, k.secretKey)
      if (i % 7 === 0) {
        const sig = tx.signature.slice()
        sig[i % 64] = sig[i % 64]! ^ (1 << (i % 8))
        tx = { ...tx, signature: sig }
      }
      if (i % 11 === 0) tx = { ...tx, nonce: tx.nonce + 1n }
      txs.push(tx)
    }
    const verifier = new SignatureVerifier(2)
    try {
      const parallel = await verifier.verify(txs)
      expect(parallel).toEqual(verifySequential(txs))
      expect(parallel.filter((v) => !v).length).toBeGreaterThan(50)
    } finally {
      await verifier.close()
    }
  })
})
