import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { TestChain, addr, ok } from '../support/vmHarness.ts'

const ERC20 = 'contracts/standard/ERC20.ts'
const AMM = 'contracts/standard/AMM.ts'
const ROUTER = 'contracts/standard/Router.ts'
const alice = addr('alice')
const bob = addr('bob')
const carol = addr('carol')
const E18 = 10n ** 18n
const NOW = Date.UTC(2026, 0, 1)

let vm: Vm
beforeAll(async () => {
  vm = await createVm()
})
afterAll(() => disposeVm(vm))

/** The AMM's own quote, the constant-product formula after the 0.3% fee. */
function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const inWithFee = amountIn * 997n
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee)
}

/** Three tokens, pools A/B (1000:2000) and B/C (3000:1000), a router; bob holds tokens and approved the router. */
async function market() {
  const chain = new TestChain(vm)
  chain.time = NOW
  const [a, b, c] = [await chain.deploy(ERC20, alice, ['A', 'A', 18, 10n ** 9n * E18]), await chain.deploy(ERC20, alice, ['B', 'B', 18, 10n ** 9n * E18]), await chain.deploy(ERC20, alice, ['C', 'C', 18, 10n ** 9n * E18])]
  const amm = await chain.deploy(AMM, alice)
  const router = await chain.deploy(ROUTER, alice)
  for (const t of [a, b, c]) {
    ok(chain.send(alice, t, 'approve', [amm, 10n ** 40n]))
    ok(chain.send(alice, t, 'transfer', [bob, 100_000n * E18]))
    ok(chain.send(bob, t, 'approve', [router, 10n ** 40n]))
  }
  ok(chain.send(alice, amm, 'createPool', [a, b]))
  ok(chain.send(alice, amm, 'createPool', [b, c]))
  ok(chain.send(alice, amm, 'addLiquidity', [a, b, 1000n * E18, 2000n * E18, 0n, 0n]))
  ok(chain.send(alice, amm, 'addLiquidity', [b, c, 3000n * E18, 1000n * E18, 0n, 0n]))
  const bal = (t: string, who: string) => BigInt(chain.read(t, 'balanceOf', [who]) as string)
  const reserves = (x: string, y: string): [bigint, bigint] => {
    const p = chain.read(amm, 'getPool', [x, y]) as Record<string, string>
    return x < y ? [BigInt(p.reserve0!), BigInt(p.reserve1!)] : [BigInt(p.reserve1!), BigInt(p.reserve0!)]
  }
  const swap = (from: string, path: string[], amountIn: bigint, min: bigint, to: string, deadline = NOW + 60_000) =>
    chain.send(from, router, 'swapExactTokensForTokens', [amm, path, amountIn, min, to, deadline])
  return { chain, a, b, c, amm, router, bal, reserves, swap }
}

describe('Router', () => {
  it('getAmountsOut: one hop equals the AMM quote; two hops chain the quotes', async () => {
    const { chain, a, b, c, amm, router, reserves } = await market()
    const one = (chain.read(router, 'getAmountsOut', [amm, 10n * E18, [a, b]]) as string[]).map(BigInt)
    const [ra, rb] = reserves(a, b)
    expect(one).toEqual([10n * E18, amountOut(10n * E18, ra, rb)])
    expect(one[1]).toBe(BigInt(chain.read(amm, 'getAmountOut', [a, b, 10n * E18]) as string))
    const two = (chain.read(router, 'getAmountsOut', [amm, 10n * E18, [a, b, c]]) as string[]).map(BigInt)
    const [rb2, rc] = reserves(b, c)
    expect(two).toEqual([10n * E18, one[1], amountOut(one[1]!, rb2, rc)])
  })

  it('swap, one hop: pulls the input from the caller, pays the quoted output to `to`, keeps nothing', async () => {
    const { a, b, amm, router, bal, reserves, swap } = await market()
    const [ra, rb] = reserves(a, b)
    const expected = amountOut(10n * E18, ra, rb)
    const [aBefore, bBefore] = [bal(a, bob), bal(b, carol)]
    const out = ok(swap(bob, [a, b], 10n * E18, expected, carol))
    expect((JSON.parse(out.returnValue!) as string[]).map(BigInt)).toEqual([10n * E18, expected])
    expect(aBefore - bal(a, bob)).toBe(10n * E18)
    expect(bal(b, carol) - bBefore).toBe(expected)
    expect(reserves(a, b)).toEqual([ra + 10n * E18, rb - expected])
    expect([bal(a, router), bal(b, router)]).toEqual([0n, 0n])
    expect(out.events.filter((e) => e.contract === amm).map((e) => e.name)).toEqual(['Swap'])
  })

  it('swap, two hops: the output equals two single swaps made one after the other', async () => {
    const routed = await market()
    const single = await market()
    const amountIn = 25n * E18
    const out = ok(routed.swap(bob, [routed.a, routed.b, routed.c], amountIn, 0n, carol))
    const [, mid, final] = (JSON.parse(out.returnValue!) as string[]).map(BigInt)

    // The same trade as two separate swaps through the router, on an identical market.
    const first = ok(single.swap(bob, [single.a, single.b], amountIn, 0n, bob))
    const got = BigInt((JSON.parse(first.returnValue!) as string[])[1]!)
    const second = ok(single.swap(bob, [single.b, single.c], got, 0n, carol))
    const got2 = BigInt((JSON.parse(second.returnValue!) as string[])[1]!)

    expect(mid).toBe(got)
    expect(final).toBe(got2)
    expect(routed.bal(routed.c, carol)).toBe(got2)
    expect(routed.reserves(routed.a, routed.b)).toEqual(single.reserves(single.a, single.b))
    expect(routed.reserves(routed.b, routed.c)).toEqual(single.reserves(single.b, single.c))
    for (const t of [routed.a, routed.b, routed.c]) expect(routed.bal(t, routed.router)).toBe(0n)
    expect(BigInt(routed.chain.read(routed.b, 'allowance', [routed.router, routed.amm]) as string)).toBe(0n)
  })

  it('swap: past the deadline reverts "expired" and moves nothing', async () => {
    const { chain, a, b, bal, reserves, swap } = await market()
    const before = [bal(a, bob), bal(b, bob), ...reserves(a, b)]
    chain.time = NOW + 60_001
    const out = swap(bob, [a, b], 10n * E18, 0n, bob, NOW + 60_000)
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('expired')
    expect([bal(a, bob), bal(b, bob), ...reserves(a, b)]).toEqual(before)
  })

  it('swap: exactly at the deadline succeeds (the deadline is inclusive)', async () => {
    const { chain, a, b, swap } = await market()
    chain.time = NOW + 60_000
    expect(swap(bob, [a, b], 10n * E18, 0n, bob, NOW + 60_000).status).toBe('success')
  })

  it('swap, two hops: a minimum one unit above the route output reverts and rolls back every hop', async () => {
    const { chain, a, b, c, amm, router, bal, reserves, swap } = await market()
    const quote = (chain.read(router, 'getAmountsOut', [amm, 25n * E18, [a, b, c]]) as string[]).map(BigInt)
    const before = [bal(a, bob), bal(c, carol), ...reserves(a, b), ...reserves(b, c), bal(b, router)]
    const out = swap(bob, [a, b, c], 25n * E18, quote[2]! + 1n, carol)
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('slippage: output below minimum')
    expect(out.events).toEqual([])
    expect(out.storageChanges).toEqual([])
    expect([bal(a, bob), bal(c, carol), ...reserves(a, b), ...reserves(b, c), bal(b, router)]).toEqual(before)
    expect(ok(swap(bob, [a, b, c], 25n * E18, quote[2]!, carol)).status).toBe('success')
  })

  it('swap: a route through a pair without a pool reverts "no such pool" and moves nothing', async () => {
    const { a, b, c, bal, reserves, swap } = await market()
    const before = [bal(a, bob), bal(b, bob), ...reserves(a, b)]
    const out = swap(bob, [b, a, c], 10n * E18, 0n, bob)
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('no such pool')
    expect([bal(a, bob), bal(b, bob), ...reserves(a, b)]).toEqual(before)
  })

  it('swap, two hops: a failure inside the second hop rolls back the first hop', async () => {
    const { chain, a, c, amm, router, bal, reserves, swap } = await market()
    // A token that calls back into the AMM when pulled: the second hop fails with REENTRANCY
    // after the first hop (A -> evil) has already swapped.
    const evil = await chain.deploy('test/contracts/hostile/ReentrantToken.ts', alice)
    ok(chain.send(alice, evil, 'mintTo', [alice, 10n ** 30n]))
    ok(chain.send(alice, amm, 'createPool', [a, evil]))
    ok(chain.send(alice, amm, 'createPool', [evil, c]))
    ok(chain.send(alice, amm, 'addLiquidity', [a, evil, 1000n * E18, 1000n * E18, 0n, 0n]))
    ok(chain.send(alice, amm, 'addLiquidity', [evil, c, 1000n * E18, 1000n * E18, 0n, 0n]))
    ok(chain.send(alice, evil, 'arm', [amm, c]))
    const before = [bal(a, bob), bal(a, router), bal(a, amm), bal(c, bob), ...reserves(a, evil), ...reserves(evil, c)]
    const out = swap(bob, [a, evil, c], 10n * E18, 0n, bob)
    expect(out.status).toBe('failure')
    expect(out.code).toBe('REENTRANCY')
    expect(out.storageChanges).toEqual([])
    expect([bal(a, bob), bal(a, router), bal(a, amm), bal(c, bob), ...reserves(a, evil), ...reserves(evil, c)]).toEqual(before)
  })

  it('swap: without the caller approving the router, reverts "insufficient allowance"', async () => {
    const { chain, a, b, router, swap } = await market()
    ok(chain.send(alice, a, 'transfer', [carol, 50n * E18]))
    const out = swap(carol, [a, b], 10n * E18, 0n, carol)
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('insufficient allowance')
    expect(BigInt(chain.read(a, 'allowance', [carol, router]) as string)).toBe(0n)
  })

  it.each([
    ['a path of one token', (m: { a: string }) => [m.a], 'path must have 2 or 3 tokens'],
    ['a path of four tokens', (m: { a: string; b: string; c: string }) => [m.a, m.b, m.c, m.a], 'path must have 2 or 3 tokens'],
    ['a round trip A -> B -> A', (m: { a: string; b: string }) => [m.a, m.b, m.a], 'identical tokens'],
    ['a malformed token', (m: { a: string }) => [m.a, '0x12'], 'invalid token address'],
  ])('swap: %s reverts', async (_label, route, reason) => {
    const m = await market()
    const out = m.swap(bob, route(m), 10n * E18, 0n, bob)
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe(reason)
  })

  it('swap: a zero input reverts "amount in must be positive"', async () => {
    const { a, b, swap } = await market()
    expect(swap(bob, [a, b], 0n, 0n, bob).reason).toBe('amount in must be positive')
  })
})
