import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertionFailure as failure } from './fixtures/assertionFailure.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { createTestChain } from './createTestChain.ts'
import type { TestChain } from './TestChain.ts'
import { expectBalanceChange, expectBalanceChanges } from './expectBalanceChange.ts'
import { TestingError } from './TestingError.ts'

let chain: TestChain
beforeAll(async () => {
  chain = await createTestChain({ node: { genesis: { devAccounts: 4 } } })
})
afterAll(() => chain.close())

const deployToken = () => chain.deploy<typeof ERC20>('contracts/standard/ERC20.ts', ['T', 'T', 18, 1000n])

describe('expectBalanceChange', () => {
  it('token: matches the receiver gain and the sender loss; resolves with the action result', async () => {
    const token = await deployToken()
    const alice = chain.wallets[0]!
    const bob = chain.wallets[1]!
    const result = await expectBalanceChange(() => token.transfer(bob.address, 5n), token, bob, 5n)
    expect(result.returnValue).toBe(true)
    await expectBalanceChange(() => token.transfer(bob.address, 5n), token, alice.address, -5n)
    await expectBalanceChanges(() => token.transfer(bob.address, 3n), token, [[alice, -3n], [bob, 3n], [chain.accounts[2]!, 0n]])
  })

  it('token: a wrong delta fails with the actual changes per account', async () => {
    const token = await deployToken()
    const bob = chain.accounts[1]!
    const e = await failure(expectBalanceChanges(() => token.transfer(bob, 5n), token, [[chain.accounts[0]!, -5n], [bob, 4n]]))
    expect(e?.code).toBe('ERR_ASSERTION')
    expect(e?.actual).toEqual({ [chain.accounts[0]!]: -5n, [bob]: 5n })
  })

  it('native: the sender change leaves its fee out by default; includeFee counts it', async () => {
    const bob = chain.wallets[1]!
    const carol = chain.wallets[2]!
    let fee = 0n
    const send = async () => {
      const receipt = await (await bob.send({ type: 'transfer', to: carol.address }, { value: 1000n })).wait()
      fee = receipt.fee
      return receipt
    }
    await expectBalanceChanges(send, chain.native, [[bob, -1000n], [carol, 1000n]])
    await expectBalanceChange(send, 'native', carol, 1000n)
    const e = await failure(expectBalanceChange(send, chain.native, bob, -1000n, { includeFee: true }))
    expect(fee).toBeGreaterThan(0n)
    expect(e?.actual).toEqual({ [bob.address]: -1000n - fee })
  })

  it('native: the block proposer (dev account 0) does not count the fees it earns', async () => {
    const alice = chain.wallets[0]!
    const bob = chain.wallets[1]!
    // Account 0 proposes every dev block, so it receives the fee bob pays, and its own back.
    await expectBalanceChange(() => bob.send({ type: 'transfer', to: chain.accounts[3]! }, { value: 1n }).then((s) => s.wait()), chain.native, alice, 0n)
    await expectBalanceChange(() => alice.send({ type: 'transfer', to: bob.address }, { value: 10n }).then((s) => s.wait()), chain.native, alice, -10n)
  })

  it('a promise instead of a function throws INVALID_ARGUMENT (the balance must be read first)', async () => {
    const token = await deployToken()
    const started = token.transfer(chain.accounts[1]!, 1n)
    const error = await expectBalanceChange(started as never, token, chain.accounts[1]!, 1n).catch((e: unknown) => e)
    await started
    expect(error).toBeInstanceOf(TestingError)
    expect((error as TestingError).code).toBe('INVALID_ARGUMENT')
  })
})
