import { afterAll, describe, expect, it } from 'vitest'
import {
  createTestChain,
  expectBalanceChanges,
  expectEvent,
  expectRevert,
  increaseTime,
  latestBlockTime,
  loadFixture,
  type TestChain,
} from 'tsvm/testing'
import type * as AMM from '../contracts/AMM.ts'
import type * as Router from '../contracts/Router.ts'
import type * as Token from '../contracts/Token.ts'
import deployScript, { APP_ID, SEED_APPLE, SEED_BANANA } from '../deploy/01_deploy.ts'

const chain = await createTestChain()
afterAll(() => chain.close())

const E18 = 10n ** 18n
const MINUTE = 60_000

/** Integer square root, to check the first deposit's shares. */
function sqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) >> 1n
  while (y < x) [x, y] = [y, (y + n / y) >> 1n]
  return x
}

/** Two tokens, the AMM with an empty Apple/Banana pool, the router, and a trader holding both tokens. */
async function deployMarket(chain: TestChain) {
  const provider = chain.wallets[0]!
  const trader = chain.wallets[1]!
  const apple = await chain.deploy<typeof Token>('contracts/Token.ts', ['Apple', 'APL', 18, 1_000_000n * E18])
  const banana = await chain.deploy<typeof Token>('contracts/Token.ts', ['Banana', 'BAN', 18, 1_000_000n * E18])
  const amm = await chain.deploy<typeof AMM>('contracts/AMM.ts')
  const router = await chain.deploy<typeof Router>('contracts/Router.ts')
  await amm.createPool(apple.address, banana.address)
  for (const token of [apple, banana]) {
    await token.approve(amm.address, 10n ** 30n)
    await token.transfer(trader.address, 1_000n * E18)
    await token.connect(trader).approve(router.address, 10n ** 30n)
  }
  return { apple, banana, amm, router, provider, trader }
}

/** The market with 10,000 APL + 20,000 BAN of liquidity (1 APL = 2 BAN). */
async function seededMarket(chain: TestChain) {
  const market = await chain.loadFixture(deployMarket)
  await market.amm.addLiquidity(market.apple.address, market.banana.address, 10_000n * E18, 20_000n * E18, 0n, 0n)
  return market
}

describe('liquidity', () => {
  it('addLiquidity: the first deposit mints sqrt(a * b) - 1000 shares; 1000 are locked forever', async () => {
    const { apple, banana, amm, provider } = await loadFixture(deployMarket)
    const result = await expectBalanceChanges(() => amm.addLiquidity(apple.address, banana.address, 10_000n * E18, 20_000n * E18, 0n, 0n), apple, [
      [provider, -10_000n * E18],
      [amm, 10_000n * E18],
    ])
    const shares = sqrt(10_000n * E18 * 20_000n * E18) - 1000n
    expect(result.returnValue.shares).toBe(shares)
    await expectEvent(result, 'LiquidityAdded', { provider: provider.address, shares })
    const pool = await amm.getPool(apple.address, banana.address)
    expect(await amm.sharesOf(pool.id, provider.address)).toBe(shares)
    expect(pool.totalShares).toBe(shares + 1000n)
  })

  it('addLiquidity: a later deposit is taken at the pool ratio', async () => {
    const { apple, banana, amm, trader } = await loadFixture(seededMarket)
    await apple.connect(trader).approve(amm.address, 10n ** 30n)
    await banana.connect(trader).approve(amm.address, 10n ** 30n)
    const { returnValue } = await amm.connect(trader).addLiquidity(apple.address, banana.address, 100n * E18, 500n * E18, 0n, 0n)
    expect(returnValue.amountA).toBe(100n * E18)
    expect(returnValue.amountB).toBe(200n * E18)
  })

  it('removeLiquidity: burning shares returns the pro-rata reserves of both tokens', async () => {
    const { apple, banana, amm, provider } = await loadFixture(seededMarket)
    const pool = await amm.getPool(apple.address, banana.address)
    const half = (await amm.sharesOf(pool.id, provider.address)) / 2n
    const [reserveApple, reserveBanana] = apple.address === pool.token0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
    const remove = () => amm.removeLiquidity(apple.address, banana.address, half, 0n, 0n, provider.address)
    await expectBalanceChanges(() => expectBalanceChanges(remove, banana, [[provider, (half * reserveBanana) / pool.totalShares]]), apple, [
      [provider, (half * reserveApple) / pool.totalShares],
    ])
    expect((await amm.getPool(apple.address, banana.address)).totalShares).toBe(pool.totalShares - half)
  })
})

describe('swaps through the router', () => {
  it('one hop: the trader pays amountIn and receives exactly the quoted output', async () => {
    const { apple, banana, amm, router, trader } = await loadFixture(seededMarket)
    const [, quoted] = await router.getAmountsOut(amm.address, 10n * E18, [apple.address, banana.address])
    // Constant product after the 0.3% fee: 10 * 0.997 * 20000 / (10000 + 10 * 0.997)
    expect(quoted).toBe((10n * E18 * 997n * 20_000n * E18) / (10_000n * E18 * 1000n + 10n * E18 * 997n))
    const deadline = (await latestBlockTime()) + 10 * MINUTE
    const swap = () => router.connect(trader).swapExactTokensForTokens(amm.address, [apple.address, banana.address], 10n * E18, quoted!, trader.address, deadline)
    // Apple leaves the trader for the pool, banana arrives; the router keeps nothing.
    const result = await expectBalanceChanges(() => expectBalanceChanges(swap, banana, [[trader, quoted!], [router, 0n]]), apple, [
      [trader, -10n * E18],
      [amm, 10n * E18],
      [router, 0n],
    ])
    expect(result.returnValue).toEqual([10n * E18, quoted])
    await expectEvent(result, 'Swap', { tokenIn: apple.address, amountIn: 10n * E18, amountOut: quoted, to: trader.address }, { contract: amm })
  })

  it('slippage: a minimum above the quote reverts and moves nothing', async () => {
    const { apple, banana, amm, router, trader } = await loadFixture(seededMarket)
    const [, quoted] = await router.getAmountsOut(amm.address, 10n * E18, [apple.address, banana.address])
    const deadline = (await latestBlockTime()) + 10 * MINUTE
    await expectBalanceChanges(
      () => expectRevert(router.connect(trader).swapExactTokensForTokens(amm.address, [apple.address, banana.address], 10n * E18, quoted! + 1n, trader.address, deadline), 'slippage: output below minimum'),
      apple,
      [[trader, 0n], [amm, 0n]],
    )
  })

  it('slippage: someone trading first moves the price, and the second trade at the old quote reverts', async () => {
    const { apple, banana, amm, router, provider, trader } = await loadFixture(seededMarket)
    const [, quoted] = await router.getAmountsOut(amm.address, 10n * E18, [apple.address, banana.address])
    const deadline = (await latestBlockTime()) + 10 * MINUTE
    await apple.approve(router.address, 10n ** 30n)
    await router.connect(provider).swapExactTokensForTokens(amm.address, [apple.address, banana.address], 500n * E18, 0n, provider.address, deadline)
    await expectRevert(router.connect(trader).swapExactTokensForTokens(amm.address, [apple.address, banana.address], 10n * E18, quoted!, trader.address, deadline), 'slippage: output below minimum')
  })

  it('deadline: after time passes the deadline, the swap reverts with "expired"', async () => {
    const { apple, banana, amm, router, trader } = await loadFixture(seededMarket)
    const deadline = (await latestBlockTime()) + 5 * MINUTE
    await increaseTime(6 * MINUTE)
    await expectRevert(router.connect(trader).swapExactTokensForTokens(amm.address, [apple.address, banana.address], E18, 0n, trader.address, deadline), 'expired')
  })

  it('deadline: before it, the same swap goes through', async () => {
    const { apple, banana, amm, router, trader } = await loadFixture(seededMarket)
    const deadline = (await latestBlockTime()) + 5 * MINUTE
    await increaseTime(4 * MINUTE)
    const { returnValue } = await router.connect(trader).swapExactTokensForTokens(amm.address, [apple.address, banana.address], E18, 0n, trader.address, deadline)
    expect(returnValue[1]).toBeGreaterThan(0n)
  })
})

describe('fees', () => {
  it('after trading back and forth, the liquidity provider withdraws more value than deposited', async () => {
    const { apple, banana, amm, router, provider, trader } = await loadFixture(seededMarket)
    const pool = await amm.getPool(apple.address, banana.address)
    const kBefore = pool.reserve0 * pool.reserve1
    const deadline = (await latestBlockTime()) + 10 * MINUTE
    const trade = router.connect(trader)
    for (let i = 0; i < 5; i++) {
      const { returnValue } = await trade.swapExactTokensForTokens(amm.address, [apple.address, banana.address], 100n * E18, 0n, trader.address, deadline)
      await trade.swapExactTokensForTokens(amm.address, [banana.address, apple.address], returnValue[1]!, 0n, trader.address, deadline)
    }
    const after = await amm.getPool(apple.address, banana.address)
    // The 0.3% fee stays in the pool: the product of the reserves grows.
    expect(after.reserve0 * after.reserve1).toBeGreaterThan(kBefore)
    const shares = await amm.sharesOf(after.id, provider.address)
    const beforeApple = await apple.balanceOf(provider.address)
    const beforeBanana = await banana.balanceOf(provider.address)
    await amm.removeLiquidity(apple.address, banana.address, shares, 0n, 0n, provider.address)
    const gotApple = (await apple.balanceOf(provider.address)) - beforeApple
    const gotBanana = (await banana.balanceOf(provider.address)) - beforeBanana
    // Valued at the seeding price (1 APL = 2 BAN), the withdrawal beats the 40,000 BAN deposited.
    expect(gotApple * 2n + gotBanana).toBeGreaterThan(40_000n * E18)
  })
})

describe('deploy/01_deploy.ts', () => {
  it('deploys the contracts and seeds the pool', async () => {
    const { deployments } = await chain.runDeployScript(deployScript)
    expect(Object.keys(deployments).sort()).toEqual(['AMM', 'Apple', 'Banana', 'Router'])
    const amm = await chain.at<typeof AMM>(deployments.AMM!, 'contracts/AMM.ts')
    const pool = await amm.getPool(deployments.Apple!, deployments.Banana!)
    expect(pool.reserve0 + pool.reserve1).toBe(SEED_APPLE + SEED_BANANA)
  })

  it('with a DAppRegistry on the network: registers the app with its contracts', async () => {
    // The registry ships with tsvm; a network names it in toolkit.config.ts (`registry`).
    const registry = await chain.deploy('node_modules/tsvm/contracts/standard/DAppRegistry.ts')
    const { deployments } = await chain.runDeployScript(deployScript, { network: { registry: registry.address } })
    const app = (await registry.read.get!(APP_ID)) as { owner: string; contracts: string[] }
    expect(app.owner).toBe(chain.accounts[0])
    expect(app.contracts).toEqual([deployments.AMM, deployments.Router, deployments.Apple, deployments.Banana])
    // Deploying again updates the record instead of failing on the taken id.
    const again = await chain.runDeployScript(deployScript, { network: { registry: registry.address } })
    expect(((await registry.read.get!(APP_ID)) as { contracts: string[] }).contracts[0]).toBe(again.deployments.AMM)
    expect(await registry.read.count!()).toBe(1)
  })
})
