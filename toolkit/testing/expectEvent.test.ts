import { AssertionError } from 'node:assert'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertionFailure as failure } from './fixtures/assertionFailure.ts'
import type * as AMM from '../../contracts/standard/AMM.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { createTestChain } from './createTestChain.ts'
import type { TestChain } from './TestChain.ts'
import { expectEvent, expectNoEvent } from './expectEvent.ts'

let chain: TestChain
let alice: string
let bob: string
beforeAll(async () => {
  chain = await createTestChain({ node: { genesis: { devAccounts: 3 } } })
  ;[alice, bob] = chain.accounts as [string, string]
})
afterAll(() => chain.close())

const deployToken = (name: string) => chain.deploy<typeof ERC20>('contracts/standard/ERC20.ts', [name, name, 18, 10n ** 24n])

describe('expectEvent', () => {
  it('all fields: matches and resolves with the decoded event (bigints as bigints)', async () => {
    const token = await deployToken('A')
    const event = await expectEvent(token.transfer(bob, 5n), 'Transfer', { from: alice, to: bob, value: 5n })
    expect(event.args.value).toBe(5n)
    expect(event.contract).toBe(token.address)
  })

  it('partial: fields left out are not checked; a function is a predicate', async () => {
    const token = await deployToken('A')
    const result = await token.transfer(bob, 7n)
    await expectEvent(result, 'Transfer', { to: bob })
    await expectEvent(result, 'Transfer', { value: (v) => v > 6n })
    await expectEvent(result, 'Transfer')
  })

  it('a field that differs: fails, listing the events emitted', async () => {
    const token = await deployToken('A')
    const e = await failure(expectEvent(token.transfer(bob, 5n), 'Transfer', { value: 6n }))
    expect(e?.code).toBe('ERR_ASSERTION')
    expect(e?.actual).toEqual([{ name: 'Transfer', contract: token.address, args: { from: alice, to: bob, value: 5n } }])
  })

  it('an event that was not emitted: fails', async () => {
    const token = await deployToken('A')
    expect(await failure(expectEvent(token.transfer(bob, 5n), 'Approval'))).toBeInstanceOf(AssertionError)
  })

  it('events of other contracts in the receipt: matched by value (a token Transfer inside a swap)', async () => {
    const [a, b] = [await deployToken('A'), await deployToken('B')]
    const amm = await chain.deploy<typeof AMM>('contracts/standard/AMM.ts')
    await a.approve(amm.address, 10n ** 30n)
    await b.approve(amm.address, 10n ** 30n)
    await amm.createPool(a.address, b.address)
    await amm.addLiquidity(a.address, b.address, 10n ** 21n, 10n ** 21n, 0n, 0n)
    const swap = await amm.swapExactIn(a.address, b.address, 10n ** 18n, 0n, bob)
    await expectEvent(swap, 'Swap', { tokenIn: a.address, amountIn: 10n ** 18n, to: bob })
    const transfer = await expectEvent(swap, 'Transfer', { from: alice, to: amm.address, value: 10n ** 18n }, { contract: a })
    expect(transfer.args).toEqual({ from: alice, to: amm.address, value: (10n ** 18n).toString() })
    await expectEvent(swap, 'Transfer', { to: bob, value: (v: unknown) => typeof v === 'bigint' && v > 0n }, { contract: b.address })
    // The same Transfer, but from the other token: no match.
    expect(await failure(expectEvent(swap, 'Transfer', { from: alice, to: amm.address }, { contract: b }))).toBeInstanceOf(AssertionError)
  })

  it('expectNoEvent: passes when absent, fails when present', async () => {
    const token = await deployToken('A')
    const result = await token.transfer(bob, 5n)
    await expectNoEvent(result, 'Approval')
    await expectNoEvent(result, 'Transfer', { value: 4n })
    expect((await failure(expectNoEvent(result, 'Transfer')))?.code).toBe('ERR_ASSERTION')
  })
})
