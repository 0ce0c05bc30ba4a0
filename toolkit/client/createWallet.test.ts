import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { intrinsicGas } from '../../node/chain/intrinsicGas.ts'
import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import { ContractError } from './ContractError.ts'
import { createNonceManager } from './createNonceManager.ts'
import { createWallet } from './createWallet.ts'
import { deployContract } from './deployContract.ts'
import { compiled, startTestChain, type TestChain } from './fixtures/testChain.ts'
import type { Provider } from './Provider.ts'

describe('wallet on an automining node', () => {
  let chain: TestChain
  let provider: Provider
  beforeAll(async () => {
    chain = await startTestChain({ gas: { minGasPrice: 2 } })
    provider = chain.provider('in-process')
  })
  afterAll(async () => {
    await chain.close()
  })

  it('dev index and secret key: the same address as dev_accounts', async () => {
    const [first] = await callRpc(provider, 'dev_accounts', [])
    expect(createWallet(0, provider).address).toBe(first!.address)
    expect(createWallet(first!.secretKey, provider).address).toBe(first!.address)
  })

  it('a key of the wrong size: ClientError INVALID_KEY', () => {
    expect(() => createWallet(new Uint8Array(31), provider)).toThrowError(ClientError)
    expect(() => createWallet('0x1234', provider)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }))
  })

  it('native transfer: gas limit is the intrinsic gas, gas price the node minimum, wait() gives the receipt', async () => {
    const wallet = createWallet(0, provider)
    const to = createWallet(1, provider).address
    const before = BigInt(await callRpc(provider, 'chain_getBalance', [to]))
    const sent = await wallet.send({ type: 'transfer', to }, { value: 1234n })
    expect(sent.gasLimit).toBe(intrinsicGas({ payload: { type: 'transfer', to } }))
    expect(sent.gasPrice).toBe(2n)
    const receipt = await sent.wait()
    expect(receipt.status).toBe('success')
    expect(receipt.fee).toBe(BigInt(receipt.gasUsed) * 2n)
    expect(BigInt(await callRpc(provider, 'chain_getBalance', [to]))).toBe(before + 1234n)
  })

  it('contract call: default gas limit is the dry run × 1.2 plus intrinsic gas', async () => {
    const wallet = createWallet(0, provider)
    const token = await deployContract<typeof ERC20>(wallet, await compiled('contracts/standard/ERC20.ts'), ['T', 'T', 18, 1000n])
    const payload = { type: 'call' as const, to: token.address, method: 'transfer', args: JSON.stringify([createWallet(1, provider).address, '1']) }
    const estimate = await callRpc(provider, 'chain_estimateGas', [{ from: wallet.address, to: token.address, method: 'transfer', args: JSON.parse(payload.args) }])
    const sent = await wallet.send(payload)
    expect(sent.gasLimit).toBe(estimate.intrinsicGas + Math.ceil(estimate.executionGas * 1.2))
    expect((await sent.wait()).gasUsed).toBeLessThanOrEqual(sent.gasLimit)
  })

  it('a call whose dry run fails: ContractError before sending (raw frames, no source without an artifact)', async () => {
    const wallet = createWallet(0, provider)
    const token = await deployContract<typeof ERC20>(wallet, await compiled('contracts/standard/ERC20.ts'), ['T', 'T', 18, 1000n])
    const e = await wallet.send({ type: 'call', to: token.address, method: 'transfer', args: JSON.stringify([wallet.address, '5000']) }).catch((error: unknown) => error)
    expect(e).toBeInstanceOf(ContractError)
    expect((e as ContractError).code).toBe('REVERT')
    expect((e as ContractError).debug?.frames?.length).toBeGreaterThan(0)
    expect((e as ContractError).source).toBeUndefined()
  })

  it('nonce manager: concurrent next() calls share one fetch and get consecutive nonces', async () => {
    let fetches = 0
    const counting: Provider = { request: (m, p) => (m === 'chain_getNonce' && fetches++, provider.request(m, p)), close: async () => {} }
    const nonces = createNonceManager(counting, createWallet(7, provider).address)
    const got = await Promise.all(Array.from({ length: 5 }, () => nonces.next()))
    expect(got).toEqual([0n, 1n, 2n, 3n, 4n])
    expect(fetches).toBe(1)
    nonces.release(4n)
    expect(await nonces.next()).toBe(4n)
    nonces.release(2n) // not the last one: a gap, so resync from the node
    expect(await nonces.next()).toBe(0n)
    expect(fetches).toBe(2)
  })
})

describe('wallet on an interval-mining node (blockTimeMs 200)', () => {
  let chain: TestChain
  beforeAll(async () => {
    chain = await startTestChain({ consensus: { engine: 'dev', blockTimeMs: 200 } })
  })
  afterAll(async () => {
    await chain.close()
  })

  it.each(['in-process', 'http'] as const)('wait() over %s: not mined at send, polls until the block is made', async (kind) => {
    const provider = chain.provider(kind)
    const wallet = createWallet(kind === 'http' ? 1 : 0, provider)
    const to = createWallet(2, provider).address
    await wallet.chainId() // warm up: the send below should not wait on chain_info
    await wallet.nonces.next().then((n) => wallet.nonces.release(n))
    // Send just after a block, so the next one is ~200 ms away: the first poll must miss.
    const heads = chain.provider('in-process')
    await new Promise<void>((resolve) => void heads.subscribe!('newHeads', undefined, () => resolve()))
    const sent = await wallet.send({ type: 'transfer', to }, { value: 1n, gasLimit: 21_000 })
    expect(await callRpc(provider, 'chain_getTransactionReceipt', [sent.hash])).toBeNull()
    const receipt = await sent.wait({ timeoutMs: 5000 })
    expect(receipt.status).toBe('success')
    expect(receipt.txHash).toBe(sent.hash)
  })

  it('typed write on interval mining: resolves after its block with the decoded event', async () => {
    const provider = chain.provider('ws')
    const wallet = createWallet(3, provider)
    const token = await deployContract<typeof ERC20>(wallet, await compiled('contracts/standard/ERC20.ts'), ['T', 'T', 18, 1000n])
    const [a, b] = await Promise.all([token.transfer(createWallet(4, provider).address, 1n), token.transfer(createWallet(4, provider).address, 2n)])
    expect([a.events[0]?.args.value, b.events[0]?.args.value]).toEqual([1n, 2n])
  })

  it('a transaction that is never mined (nonce gap): WAIT_TIMEOUT', async () => {
    const provider = chain.provider('in-process')
    const wallet = createWallet(5, provider)
    const sent = await wallet.send({ type: 'transfer', to: wallet.address }, { value: 1n, nonce: 5n })
    const e = await sent.wait({ timeoutMs: 400 }).catch((error: unknown) => error)
    expect(e).toBeInstanceOf(ClientError)
    expect((e as ClientError).code).toBe('WAIT_TIMEOUT')
  })
})
