import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { TestChain, addr, ok } from '../support/vmHarness.ts'

const ERC20 = 'contracts/standard/ERC20.ts'
const AMM = 'contracts/standard/AMM.ts'
const alice = addr('alice')
const bob = addr('bob')
const ZERO = '0x0000000000000000000000000000000000000000'
const E18 = 10n ** 18n

let vm: Vm
beforeAll(async () => {
  vm = await createVm()
})
afterAll(() => disposeVm(vm))

async function market() {
  const chain = new TestChain(vm)
  const a = await chain.deploy(ERC20, alice, ['Token A', 'A', 18, 1_000_000n * E18])
  const b = await chain.deploy(ERC20, alice, ['Token B', 'B', 18, 1_000_000n * E18])
  const amm = await chain.deploy(AMM, alice)
  for (const t of [a, b]) {
    ok(chain.send(alice, t, 'transfer', [bob, 100_000n * E18]))
    ok(chain.send(alice, t, 'approve', [amm, 10n ** 40n]))
    ok(chain.send(bob, t, 'approve', [amm, 10n ** 40n]))
  }
  ok(chain.send(alice, amm, 'createPool', [a, b]))
  const bal = (t: string, who: string) => BigInt(chain.read(t, 'balanceOf', [who]) as string)
  const pool = () => {
    const p = chain.read(amm, 'getPool', [a, b]) as Record<string, string>
    return { id: p.id!, reserve0: BigInt(p.reserve0!), reserve1: BigInt(p.reserve1!), totalShares: BigInt(p.totalShares!) }
  }
  return { chain, a, b, amm, bal, pool }
}

describe('AMM', () => {
  it('createPool: twice for the same pair reverts; identical tokens revert', async () => {
    const { chain, a, b, amm } = await market()
    expect(chain.send(alice, amm, 'createPool', [b, a]).code).toBe('REVERT')
    expect(chain.send(alice, amm, 'createPool', [a, a]).code).toBe('REVERT')
  })

  it('addLiquidity: first deposit mints sqrt(a*b) - 1000 shares and locks 1000 to the zero address', async () => {
    const { chain, a, b, amm, bal, pool } = await market()
    const out = ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 4000n * E18, 0n, 0n]))
    const minted = BigInt(JSON.parse(out.returnValue!).shares)
    expect(minted).toBe(2000n * E18 - 1000n)
    const p = pool()
    expect(p.totalShares).toBe(2000n * E18)
    expect(chain.read(amm, 'sharesOf', [p.id, ZERO])).toBe('1000')
    expect(bal(a, amm)).toBe(1000n * E18)
    expect(bal(b, amm)).toBe(4000n * E18)
    expect(out.events.filter((e) => e.name === 'Transfer')).toHaveLength(2)
  })

  it('addLiquidity: later deposits are taken at the pool ratio and slippage minimums are enforced', async () => {
    const { chain, a, b, amm, pool } = await market()
    ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 2000n * E18, 0n, 0n]))
    const out = ok(chain.send(bob, amm, 'addLiquidity', [a, b, 100n * E18, 500n * E18, 0n, 0n]))
    const r = JSON.parse(out.returnValue!)
    expect(BigInt(r.amountA)).toBe(100n * E18)
    expect(BigInt(r.amountB)).toBe(200n * E18)
    const failed = chain.send(bob, amm, 'addLiquidity', [a, b, 100n * E18, 500n * E18, 0n, 300n * E18])
    expect(failed.code).toBe('REVERT')
    expect(pool().reserve0 + pool().reserve1).toBe(3300n * E18)
  })

  it('swapExactIn: pays out the constant-product amount after a 0.3% fee; k grows', async () => {
    const { chain, a, b, amm, bal, pool } = await market()
    ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 1000n * E18, 0n, 0n]))
    const quote = BigInt(chain.read(amm, 'getAmountOut', [a, b, 10n * E18]) as string)
    const expected = (10n * E18 * 997n * 1000n * E18) / (1000n * E18 * 1000n + 10n * E18 * 997n)
    expect(quote).toBe(expected)
    const before = bal(b, bob)
    const kBefore = pool().reserve0 * pool().reserve1
    const out = ok(chain.send(bob, amm, 'swapExactIn', [a, b, 10n * E18, quote, bob]))
    expect(BigInt(JSON.parse(out.returnValue!))).toBe(quote)
    expect(bal(b, bob) - before).toBe(quote)
    expect(pool().reserve0 * pool().reserve1).toBeGreaterThan(kBefore)
    expect(out.events.map((e) => e.name)).toEqual(['Transfer', 'Transfer', 'Swap'])
  })

  it('swapExactIn: output below the minimum reverts and rolls back both token transfers', async () => {
    const { chain, a, b, amm, bal, pool } = await market()
    ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 1000n * E18, 0n, 0n]))
    const quote = BigInt(chain.read(amm, 'getAmountOut', [a, b, 10n * E18]) as string)
    const balances = [bal(a, bob), bal(b, bob)]
    const out = chain.send(bob, amm, 'swapExactIn', [a, b, 10n * E18, quote + 1n, bob])
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('slippage: output below minimum')
    expect([bal(a, bob), bal(b, bob)]).toEqual(balances)
    expect(pool().reserve0).toBe(1000n * E18)
  })

  it('swap: a token failure inside the nested call reverts the whole swap (no allowance)', async () => {
    const { chain, a, b, amm, bal } = await market()
    ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 1000n * E18, 0n, 0n]))
    const carol = addr('carol')
    ok(chain.send(alice, a, 'transfer', [carol, 10n * E18]))
    const out = chain.send(carol, amm, 'swapExactIn', [a, b, 5n * E18, 0n, carol])
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('insufficient allowance')
    expect(bal(a, carol)).toBe(10n * E18)
    expect(bal(b, carol)).toBe(0n)
  })

  it('removeLiquidity: returns the pro-rata reserves including accrued fees', async () => {
    const { chain, a, b, amm, bal, pool } = await market()
    ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 1000n * E18, 0n, 0n]))
    for (let i = 0; i < 10; i++) {
      ok(chain.send(bob, amm, 'swapExactIn', [a, b, 50n * E18, 0n, bob]))
      ok(chain.send(bob, amm, 'swapExactIn', [b, a, 50n * E18, 0n, bob]))
    }
    const p = pool()
    const shares = BigInt(chain.read(amm, 'sharesOf', [p.id, alice]) as string)
    const beforeA = bal(a, alice)
    const beforeB = bal(b, alice)
    ok(chain.send(alice, amm, 'removeLiquidity', [a, b, shares, 0n, 0n, alice]))
    const gotA = bal(a, alice) - beforeA
    const gotB = bal(b, alice) - beforeB
    const [reserveA, reserveB] = a < b ? [p.reserve0, p.reserve1] : [p.reserve1, p.reserve0]
    expect(gotA).toBe((shares * reserveA) / p.totalShares)
    expect(gotB).toBe((shares * reserveB) / p.totalShares)
    expect(gotA + gotB).toBeGreaterThan(2000n * E18 - 2000n)
    expect(pool().totalShares).toBe(1000n)
  })

  it('first-deposit share attack: a donation cannot inflate the share price', async () => {
    const { chain, a, b, amm, pool } = await market()
    // Attacker makes the smallest pool possible, then donates straight to the AMM.
    ok(chain.send(bob, amm, 'addLiquidity', [a, b, 1001n, 1001n, 0n, 0n]))
    ok(chain.send(bob, a, 'transfer', [amm, 10_000n * E18]))
    ok(chain.send(bob, b, 'transfer', [amm, 10_000n * E18]))
    // The victim's deposit still gets shares in proportion to the reserves.
    const out = ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 1000n * E18, 0n, 0n]))
    const minted = BigInt(JSON.parse(out.returnValue!).shares)
    const p = pool()
    expect(minted * p.reserve0).toBeGreaterThanOrEqual(((p.totalShares * 1000n * E18) * 999n) / 1000n)
    expect(p.reserve0).toBe(1000n * E18 + 1001n)
    expect(p.reserve1).toBe(1000n * E18 + 1001n)
  })

  it('re-entry from a token callback into the AMM: refused with REENTRANCY, nothing changes', async () => {
    const { chain, a, amm, bal } = await market()
    const evil = await chain.deploy('test/contracts/hostile/ReentrantToken.ts', bob)
    ok(chain.send(bob, evil, 'mintTo', [bob, 10n ** 30n]))
    ok(chain.send(bob, amm, 'createPool', [evil, a]))
    ok(chain.send(bob, amm, 'addLiquidity', [evil, a, 1000n * E18, 1000n * E18, 0n, 0n]))
    ok(chain.send(bob, evil, 'arm', [amm, a]))
    const before = bal(a, bob)
    const out = chain.send(bob, amm, 'swapExactIn', [evil, a, E18, 0n, bob])
    expect(out.status).toBe('failure')
    expect(out.code).toBe('REENTRANCY')
    expect(bal(a, bob)).toBe(before)
  })

  it('property: random swaps conserve each token and never decrease k', async () => {
    const { chain, a, b, amm, bal, pool } = await market()
    ok(chain.send(alice, amm, 'addLiquidity', [a, b, 10_000n * E18, 30_000n * E18, 0n, 0n]))
    const supply = [BigInt(chain.read(a, 'totalSupply') as string), BigInt(chain.read(b, 'totalSupply') as string)]
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ aToB: fc.boolean(), amount: fc.bigInt({ min: 1n, max: 5_000n * E18 }) }), { minLength: 1, maxLength: 8 }), async (swaps) => {
        for (const s of swaps) {
          const k = pool().reserve0 * pool().reserve1
          const [tin, tout] = s.aToB ? [a, b] : [b, a]
          const out = chain.send(bob, amm, 'swapExactIn', [tin, tout, s.amount, 0n, bob])
          if (out.status === 'success') expect(pool().reserve0 * pool().reserve1).toBeGreaterThanOrEqual(k)
          else expect(pool().reserve0 * pool().reserve1).toBe(k)
          for (const [i, t] of [a, b].entries()) {
            const held = bal(t, alice) + bal(t, bob) + bal(t, amm)
            expect(held).toBe(supply[i])
          }
          const p = pool()
          expect(bal(a, amm) >= (a < b ? p.reserve0 : p.reserve1)).toBe(true)
        }
      }),
      { numRuns: 25 },
    )
  })
})

describe('ERC20 properties', () => {
  it('property: any sequence of transfers and transferFroms conserves the total supply', async () => {
    const chain = new TestChain(vm)
    const people = [alice, bob, addr('carol'), addr('dave')]
    const token = await chain.deploy(ERC20, alice, ['P', 'P', 0, 1_000_000n])
    for (const p of people) for (const q of people) ok(chain.send(p, token, 'approve', [q, 10n ** 12n]))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ from: fc.nat(3), to: fc.nat(3), spender: fc.option(fc.nat(3)), amount: fc.bigInt({ min: 0n, max: 600_000n }) }), { minLength: 1, maxLength: 10 }),
        async (ops) => {
          for (const op of ops) {
            const from = people[op.from]!, to = people[op.to]!
            if (op.spender === null) chain.send(from, token, 'transfer', [to, op.amount])
            else chain.send(people[op.spender]!, token, 'transferFrom', [from, to, op.amount])
            let sum = 0n
            for (const p of people) sum += BigInt(chain.read(token, 'balanceOf', [p]) as string)
            expect(sum).toBe(1_000_000n)
          }
        },
      ),
      { numRuns: 25 },
    )
  })
})
