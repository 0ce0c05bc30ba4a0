import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as AMM from '../../contracts/standard/AMM.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import type { DeployedContract } from './Contract.ts'
import { contractAt } from './contractAt.ts'
import { ContractError } from './ContractError.ts'
import { createWallet, type Wallet } from './createWallet.ts'
import { decodeEvents } from './decodeEvents.ts'
import { deployContract } from './deployContract.ts'
import { compiled, startTestChain, type TestChain } from './fixtures/testChain.ts'
import type { Provider } from './Provider.ts'
import { ProviderError } from './ProviderError.ts'

/** 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text))
  if (index < 0) throw new Error(`${text} not in ${file}`)
  return index + 1
}

const ERC20_FILE = 'contracts/standard/ERC20.ts'
const AMM_FILE = 'contracts/standard/AMM.ts'

let chain: TestChain
let provider: Provider
let erc20: Artifact
let amm: Artifact
let alice: Wallet
let bob: Wallet
let token: DeployedContract<typeof ERC20>

beforeAll(async () => {
  ;[chain, erc20, amm] = await Promise.all([startTestChain(), compiled(ERC20_FILE), compiled(AMM_FILE)])
  provider = chain.provider('in-process')
  alice = createWallet(0, provider)
  bob = createWallet(1, provider)
  token = await deployContract<typeof ERC20>(alice, erc20, ['Token', 'TKN', 18, 1_000_000n])
})
afterAll(async () => {
  await chain.close()
})

describe('views', () => {
  it('balanceOf: returns a bigint decoded with the ABI', async () => {
    const balance = await token.balanceOf(alice.address)
    expect(typeof balance).toBe('bigint')
    expect(balance).toBeGreaterThan(0n)
  })

  it('string and number views: returned as declared', async () => {
    expect(await token.name()).toBe('Token')
    expect(await token.decimals()).toBe(18)
  })

  it('read-only runner (a provider): views work', async () => {
    const readOnly = contractAt<typeof ERC20>(erc20, token.address, provider)
    expect(await readOnly.totalSupply()).toBe(1_000_000n)
  })

  it('object returns: bigint fields decoded', async () => {
    const a = await deployContract<typeof ERC20>(alice, erc20, ['A', 'A', 0, 10n ** 6n])
    const b = await deployContract<typeof ERC20>(alice, erc20, ['B', 'B', 0, 10n ** 6n])
    const pool = await deployContract<typeof AMM>(alice, amm, [])
    await pool.createPool(a.address, b.address)
    const info = await pool.getPool(a.address, b.address)
    expect(info.reserve0).toBe(0n)
    expect(info.totalShares).toBe(0n)
  })
})

describe('writes', () => {
  it('transfer: resolves after the receipt with return value true and the decoded Transfer event', async () => {
    const before = await token.balanceOf(bob.address)
    const r = await token.transfer(bob.address, 5n)
    expect(r.receipt.status).toBe('success')
    expect(r.receipt.txHash).toBe(r.hash)
    expect(r.returnValue).toBe(true)
    expect(r.events).toEqual([{ name: 'Transfer', contract: token.address, args: { from: alice.address, to: bob.address, value: 5n } }])
    expect(await token.balanceOf(bob.address)).toBe(before + 5n)
  })

  it('send.transfer: resolves with the hash once accepted; wait() gives the decoded result', async () => {
    const sent = await token.send.transfer(bob.address, 1n)
    expect(sent.hash).toMatch(/^0x[0-9a-f]{64}$/)
    const r = await sent.wait()
    expect(r.hash).toBe(sent.hash)
    expect(r.events[0]?.name).toBe('Transfer')
  })

  it('write.transfer with options: the given gas price is used', async () => {
    const r = await token.write.transfer(bob.address, 1n, { gasPrice: 3n })
    expect(r.receipt.fee).toBe(BigInt(r.receipt.gasUsed) * 3n)
  })

  it('estimateGas.transfer: the limit covers what the transaction uses', async () => {
    const limit = await token.estimateGas.transfer(bob.address, 1n)
    const r = await token.transfer(bob.address, 1n)
    expect(limit).toBeGreaterThanOrEqual(r.receipt.gasUsed)
  })

  it('connect: another wallet sends as itself', async () => {
    await token.transfer(bob.address, 10n)
    const r = await token.connect(bob).transfer(alice.address, 10n)
    expect(r.events[0]?.args).toEqual({ from: bob.address, to: alice.address, value: 10n })
  })

  it('approve + AMM createPool, addLiquidity, swap: end to end with decoded returns and events', async () => {
    const a = await deployContract<typeof ERC20>(alice, erc20, ['A', 'A', 18, 10n ** 24n])
    const b = await deployContract<typeof ERC20>(alice, erc20, ['B', 'B', 18, 10n ** 24n])
    const pool = await deployContract<typeof AMM>(alice, amm, [], { artifacts: [erc20] })
    await a.approve(pool.address, 10n ** 24n)
    await b.approve(pool.address, 10n ** 24n)
    const created = await pool.createPool(a.address, b.address)
    expect(created.returnValue).toBe(await pool.poolId(a.address, b.address))
    const added = await pool.addLiquidity(a.address, b.address, 10n ** 20n, 10n ** 20n, 0n, 0n)
    expect(added.returnValue.shares).toBe(10n ** 20n - 1000n)
    expect(added.events.map((e) => e.name)).toEqual(['LiquidityAdded'])
    const out = await pool.getAmountOut(a.address, b.address, 10n ** 18n)
    const swap = await pool.swapExactIn(a.address, b.address, 10n ** 18n, out, bob.address)
    expect(swap.returnValue).toBe(out)
    const [event] = swap.events
    expect(event?.name).toBe('Swap')
    if (event?.name === 'Swap') expect(event.args.amountOut).toBe(out)
    // The tokens' Transfer events are in the receipt too, decodable with their ABI.
    const transfers = decodeEvents(erc20.abi, swap.receipt.events)
    expect(transfers.map((t) => t.args.value)).toEqual([10n ** 18n, out])
    expect(await b.balanceOf(bob.address)).toBe(out)
  })
})

describe('contract errors', () => {
  const requireLine = lineOf(ERC20_FILE, "require(have >= amount, 'insufficient balance')")

  it('revert found by the dry run: ContractError REVERT at the require line of ERC20.ts, nothing sent', async () => {
    const nonce = await callRpc(provider, 'chain_getNonce', [bob.address, 'pending'])
    const error = await token.connect(bob).transfer(alice.address, 10n ** 30n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    const e = error as ContractError
    expect(e.code).toBe('REVERT')
    expect(e.contract).toBe(token.address)
    expect(e.method).toBe('transfer')
    expect(e.txHash).toBeUndefined()
    expect(e.source?.file).toBe(ERC20_FILE)
    expect(e.source?.line).toBe(requireLine)
    expect(e.frames[0]?.file).toBe('contracts/sdk/errors.ts')
    expect(await callRpc(provider, 'chain_getNonce', [bob.address, 'pending'])).toBe(nonce)
  })

  it('revert of a mined transaction (explicit gasLimit): ContractError with txHash, receipt and the same source line', async () => {
    const error = await token.connect(bob).transfer(alice.address, 10n ** 30n, { gasLimit: 200_000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    const e = error as ContractError
    expect(e.code).toBe('REVERT')
    expect(e.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(e.receipt?.status).toBe('failure')
    expect(e.source).toMatchObject({ file: ERC20_FILE, line: requireLine })
  })

  it('out of gas on chain: ContractError OUT_OF_GAS with the receipt', async () => {
    const error = await token.transfer(bob.address, 1n, { gasLimit: 22_000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    expect((error as ContractError).code).toBe('OUT_OF_GAS')
    expect((error as ContractError).receipt?.status).toBe('failure')
  })

  it('constructor revert on deploy: ContractError REVERT at the require in setup', async () => {
    const error = await deployContract<typeof ERC20>(alice, erc20, ['Bad', 'BAD', 99, 1n]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    const e = error as ContractError
    expect(e.code).toBe('REVERT')
    expect(e.method).toBe('deploy')
    expect(e.source).toMatchObject({ file: ERC20_FILE, line: lineOf(ERC20_FILE, "'decimals must be an integer from 0 to 36'") })
  })

  it('view revert: ContractError REVERT at the require in AMM.ts', async () => {
    const pool = await deployContract<typeof AMM>(alice, amm, [])
    const error = await pool.getPool(token.address, bob.address).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    expect((error as ContractError).source).toMatchObject({ file: AMM_FILE, line: lineOf(AMM_FILE, "'no such pool'") })
  })

  it("callee's uncaught failure: the caller's line that made the call (AMM.ts pull)", async () => {
    const a = await deployContract<typeof ERC20>(alice, erc20, ['A', 'A', 18, 10n ** 24n])
    const b = await deployContract<typeof ERC20>(alice, erc20, ['B', 'B', 18, 10n ** 24n])
    const pool = await deployContract<typeof AMM>(alice, amm, [], { artifacts: [erc20] })
    await pool.createPool(a.address, b.address)
    const error = await pool.addLiquidity(a.address, b.address, 10n ** 20n, 10n ** 20n, 0n, 0n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    expect((error as ContractError).code).toBe('REVERT')
    expect((error as ContractError).source).toMatchObject({ file: AMM_FILE, line: lineOf(AMM_FILE, 'contract<typeof ERC20>(token).transferFrom(') })
  })

  it('built from the ABI only: the failure has its code but no source', async () => {
    const bare = contractAt<typeof ERC20>(erc20.abi, token.address, bob)
    const error = await bare.transfer(alice.address, 10n ** 30n).catch((e: unknown) => e)
    expect((error as ContractError).code).toBe('REVERT')
    expect((error as ContractError).source).toBeUndefined()
  })
})

describe('client-side checks', () => {
  it('an amount that is not an integer: ClientError INVALID_ARGUMENT naming the parameter', async () => {
    const error = await token.transfer(bob.address, 1.5 as unknown as bigint).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ClientError)
    expect((error as ClientError).code).toBe('INVALID_ARGUMENT')
    expect((error as ClientError).details.param).toBe('amount')
  })

  it('an address not in canonical form: INVALID_ARGUMENT for `to`', async () => {
    const error = await token.transfer(bob.address.toUpperCase(), 1n).catch((e: unknown) => e)
    expect((error as ClientError).code).toBe('INVALID_ARGUMENT')
    expect((error as ClientError).details.param).toBe('to')
  })

  it('too many arguments: INVALID_ARGUMENT', async () => {
    const error = await (token.balanceOf as (...args: unknown[]) => Promise<bigint>)(bob.address, 1n).catch((e: unknown) => e)
    expect((error as ClientError).code).toBe('INVALID_ARGUMENT')
  })

  it('constructor arguments that do not fit: INVALID_ARGUMENT naming the parameter, nothing deployed', async () => {
    const error = await deployContract<typeof ERC20>(alice, erc20, ['T', 'T', 18, 'lots' as unknown as bigint]).catch((e: unknown) => e)
    expect((error as ClientError).code).toBe('INVALID_ARGUMENT')
    expect((error as ClientError).details.param).toBe('initialSupply')
  })

  it('a write through a read-only runner: ClientError NO_SIGNER', async () => {
    const readOnly = contractAt<typeof ERC20>(erc20, token.address, provider)
    const error = await readOnly.transfer(bob.address, 1n).catch((e: unknown) => e)
    expect((error as ClientError).code).toBe('NO_SIGNER')
  })

  it('an event name not in the ABI: ClientError UNKNOWN_EVENT', async () => {
    const error = await token.queryEvents('Nope' as 'Transfer').catch((e: unknown) => e)
    expect((error as ClientError).code).toBe('UNKNOWN_EVENT')
  })
})

describe('events', () => {
  it('queryEvents: Transfer logs from a block, decoded with positions', async () => {
    const from = (await callRpc(provider, 'chain_blockNumber', [])) + 1
    const r = await token.transfer(bob.address, 7n)
    const logs = await token.queryEvents('Transfer', { fromBlock: from })
    expect(logs).toEqual([{ name: 'Transfer', contract: token.address, args: { from: alice.address, to: bob.address, value: 7n }, blockHeight: r.receipt.blockHeight, txHash: r.hash, txIndex: 0, logIndex: 0 }])
  })

  it('queryEvents without a name: every event of the contract', async () => {
    const logs = await token.queryEvents(undefined, { fromBlock: 0 })
    expect(new Set(logs.map((l) => l.name))).toEqual(new Set(['Transfer']))
    expect(logs[0]?.args).toMatchObject({ from: '0x' + '0'.repeat(40) })
  })

  it('on (in-process): the logs subscription delivers the next Transfer, decoded', async () => {
    const seen: unknown[] = []
    const stop = await token.on('Transfer', (e) => seen.push(e.args))
    await token.transfer(bob.address, 3n)
    await new Promise((resolve) => setTimeout(resolve, 10))
    await stop()
    await token.transfer(bob.address, 4n)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(seen).toEqual([{ from: alice.address, to: bob.address, value: 3n }])
  })
})

describe('nonces and rejections', () => {
  it.each([
    ['in-process', 2],
    ['http', 5],
  ] as const)('20 concurrent transfers from one wallet (%s): all succeed with distinct nonces', async (kind, account) => {
    const p = chain.provider(kind)
    const sender = createWallet(account, p)
    const funder = contractAt<typeof ERC20>(erc20, token.address, alice)
    await funder.transfer(sender.address, 1000n)
    const t = contractAt<typeof ERC20>(erc20, token.address, sender)
    const start = BigInt(await callRpc(p, 'chain_getNonce', [sender.address, 'pending']))
    const sends = await Promise.all(Array.from({ length: 20 }, () => t.send.transfer(bob.address, 1n)))
    const results = await Promise.all(sends.map((s) => s.wait()))
    expect(results.every((r) => r.receipt.status === 'success')).toBe(true)
    expect(new Set(sends.map((s) => s.nonce)).size).toBe(20)
    expect(sends.map((s) => s.nonce).sort((x, y) => (x < y ? -1 : 1))).toEqual(Array.from({ length: 20 }, (_, i) => start + BigInt(i)))
    expect(await t.balanceOf(sender.address)).toBe(980n)
  })

  it('nonce used by another wallet of the same key: the nonce manager resyncs and the send succeeds', async () => {
    const first = createWallet(3, provider)
    const second = createWallet(3, provider)
    await first.send({ type: 'transfer', to: bob.address }, { value: 1n })
    await second.send({ type: 'transfer', to: bob.address }, { value: 1n }) // second now counts from 1
    await first.send({ type: 'transfer', to: bob.address }, { value: 1n }) // first still thinks 1: too low, resync
    const receipt = await (await second.send({ type: 'transfer', to: bob.address }, { value: 1n })).wait() // too low again: resync
    expect(receipt.status).toBe('success')
    expect(await callRpc(provider, 'chain_getNonce', [first.address, 'latest'])).toBe('4')
  })

  it('explicit nonce that was used: ProviderError -32050 with data.code MEMPOOL_NONCE_TOO_LOW, not retried', async () => {
    const error = await alice.send({ type: 'transfer', to: bob.address }, { value: 1n, nonce: 0n }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as ProviderError).code).toBe(-32050)
    expect((error as ProviderError).dataCode).toBe('MEMPOOL_NONCE_TOO_LOW')
  })
})
