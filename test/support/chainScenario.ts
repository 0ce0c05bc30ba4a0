import { expect } from 'vitest'
import type * as AMM from '../../contracts/standard/AMM.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { contractAt, createWallet, deployContract, verifyStateProof, ContractError, type Provider } from '../../toolkit/client/index.ts'
import { artifact } from './vmHarness.ts'

const E18 = 10n ** 18n

/**
 * One user session against a node through a provider: deploy two ERC20s and the AMM, transfer,
 * approve, seed a pool, swap, query logs, verify a state proof, snapshot and revert. Run over
 * HTTP and WebSocket against a node process and over the in-process devnet.
 */
export async function chainScenario(provider: Provider): Promise<void> {
  const [erc20, amm] = await Promise.all([artifact('contracts/standard/ERC20.ts'), artifact('contracts/standard/AMM.ts')])
  const alice = createWallet(0, provider)
  const bob = createWallet(1, provider)
  const a = await deployContract<typeof ERC20>(alice, erc20, ['Apple', 'APL', 18, 1_000_000n * E18])
  const b = await deployContract<typeof ERC20>(alice, erc20, ['Banana', 'BAN', 18, 1_000_000n * E18])
  const pool = await deployContract<typeof AMM>(alice, amm, [])

  const sent = await a.transfer(bob.address, 1_000n * E18)
  expect(sent.returnValue).toBe(true)
  expect(sent.events[0]).toMatchObject({ name: 'Transfer', args: { from: alice.address, to: bob.address, value: 1_000n * E18 } })
  expect(await a.balanceOf(bob.address)).toBe(1_000n * E18)

  await a.approve(pool.address, 10n ** 30n)
  await b.approve(pool.address, 10n ** 30n)
  await pool.createPool(a.address, b.address)
  await pool.addLiquidity(a.address, b.address, 10_000n * E18, 20_000n * E18, 0n, 0n)
  const asBob = contractAt<typeof AMM>(amm, pool.address, bob)
  await contractAt<typeof ERC20>(erc20, a.address, bob).approve(pool.address, 10n ** 30n)
  const quote = await pool.getAmountOut(a.address, b.address, 100n * E18)
  const swap = await asBob.swapExactIn(a.address, b.address, 100n * E18, quote, bob.address)
  expect(swap.returnValue).toBe(quote)
  expect(await b.balanceOf(bob.address)).toBe(quote)

  // A stale quote now fails: the error names the AMM's line.
  try {
    await asBob.swapExactIn(a.address, b.address, 100n * E18, quote, bob.address)
    expect.unreachable()
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError)
    expect((e as ContractError).code).toBe('REVERT')
    expect((e as ContractError).source?.file).toBe('contracts/standard/AMM.ts')
  }

  const transfers = await a.queryEvents('Transfer', { fromBlock: 0 })
  expect(transfers.length).toBeGreaterThanOrEqual(4)

  const proof = await provider.request('chain_getProof', [a.address, ['bal:' + bob.address]])
  const verified = verifyStateProof(a.address, proof as never)
  expect(verified.valid).toBe(true)

  const snapshot = await provider.request('dev_snapshot', [])
  await a.transfer(bob.address, 1n)
  expect(await a.balanceOf(bob.address)).toBe(900n * E18 + 1n)
  expect(await provider.request('dev_revert', [snapshot])).toBe(true)
  expect(await a.balanceOf(bob.address)).toBe(900n * E18)
}
