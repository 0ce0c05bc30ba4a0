import { afterAll, describe, expect, it } from 'vitest'
import type * as AMM from '../../contracts/standard/AMM.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { createWallet } from './createWallet.ts'
import { deployContract } from './deployContract.ts'
import { compiled, startTestChain, type ProviderKind, type TestChain } from './fixtures/testChain.ts'
import type { Provider } from './Provider.ts'

const chains: TestChain[] = []
afterAll(async () => {
  await Promise.all(chains.map((c) => c.close()))
})

/** Deploy two tokens and the AMM, trade through it, and record everything observable. */
async function scenario(provider: Provider) {
  const [erc20, amm] = await Promise.all([compiled('contracts/standard/ERC20.ts'), compiled('contracts/standard/AMM.ts')])
  const wallet = createWallet(0, provider)
  const bob = createWallet(1, provider).address
  const tokenA = await deployContract<typeof ERC20>(wallet, erc20, ['Alpha', 'A', 18, 10n ** 24n])
  const tokenB = await deployContract<typeof ERC20>(wallet, erc20, ['Beta', 'B', 18, 10n ** 24n])
  const pool = await deployContract<typeof AMM>(wallet, amm, [], { artifacts: [erc20] })

  const transfer = await tokenA.transfer(bob, 25n)
  await tokenA.approve(pool.address, 10n ** 22n)
  await tokenB.approve(pool.address, 10n ** 22n)
  const created = await pool.createPool(tokenA.address, tokenB.address)
  const added = await pool.addLiquidity(tokenA.address, tokenB.address, 10n ** 21n, 2n * 10n ** 21n, 0n, 0n)
  const quote = await pool.getAmountOut(tokenA.address, tokenB.address, 10n ** 18n)
  const swap = await pool.swapExactIn(tokenA.address, tokenB.address, 10n ** 18n, quote, bob)
  return {
    addresses: [tokenA.address, tokenB.address, pool.address],
    deployGas: [tokenA.deployment.receipt.gasUsed, tokenB.deployment.receipt.gasUsed, pool.deployment.receipt.gasUsed],
    transfer: { returnValue: transfer.returnValue, events: transfer.events, gasUsed: transfer.receipt.gasUsed },
    poolId: created.returnValue,
    added: added.returnValue,
    quote,
    swap: { returnValue: swap.returnValue, events: swap.events, gasUsed: swap.receipt.gasUsed },
    pool: await pool.getPool(tokenA.address, tokenB.address),
    balances: [await tokenA.balanceOf(bob), await tokenB.balanceOf(bob), await tokenA.balanceOf(wallet.address)],
  }
}

const results = new Map<ProviderKind, Awaited<ReturnType<typeof scenario>>>()

describe.each(['in-process', 'http', 'ws'] as const)('provider %s', (kind) => {
  it('deploy ERC20 x2 and the AMM, approve, createPool, addLiquidity, swap: all succeed with decoded values', async () => {
    const chain = await startTestChain()
    chains.push(chain)
    const r = await scenario(chain.provider(kind))
    results.set(kind, r)
    expect(r.transfer.returnValue).toBe(true)
    expect(r.transfer.events).toEqual([{ name: 'Transfer', contract: r.addresses[0], args: { from: createWallet(0, chain.provider(kind)).address, to: createWallet(1, chain.provider(kind)).address, value: 25n } }])
    expect(r.added.amountA).toBe(10n ** 21n)
    expect(r.added.amountB).toBe(2n * 10n ** 21n)
    expect(typeof r.quote).toBe('bigint')
    expect(r.swap.returnValue).toBe(r.quote)
    expect(r.swap.events.map((e) => e.name)).toEqual(['Swap'])
    expect(r.pool.reserve0 + r.pool.reserve1).toBe(3n * 10n ** 21n + 10n ** 18n - r.quote)
    expect(r.balances[0]).toBe(25n)
    expect(r.balances[1]).toBe(r.quote)
  })
})

describe('providers agree', () => {
  it('in-process, HTTP and WebSocket give identical addresses, gas, return values and events', () => {
    expect(results.size).toBe(3)
    const inProcess = results.get('in-process')
    expect(results.get('http')).toEqual(inProcess)
    expect(results.get('ws')).toEqual(inProcess)
  })
})
