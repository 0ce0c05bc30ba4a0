import { afterAll, describe, expect, it } from 'vitest'
import { createTestChain, expectBalanceChange, expectBalanceChanges, expectEvent, expectRevert, loadFixture, type TestChain } from 'tsvm/testing'
import type * as Token from '../contracts/Token.ts'
import deployScript from '../deploy/01_deploy.ts'

// One in-process chain for this file: a fresh devnet with ten funded dev accounts.
const chain = await createTestChain()
afterAll(() => chain.close())

const E18 = 10n ** 18n
const SUPPLY = 1_000_000n * E18

/** Deploy the token; loadFixture runs this once and reverts to its state for every later test. */
async function deployToken(chain: TestChain) {
  const [owner, alice, bob] = chain.wallets
  const token = await chain.deploy<typeof Token>('contracts/Token.ts', ['My Token', 'MTK', 18, SUPPLY])
  return { token, owner: owner!, alice: alice!, bob: bob! }
}

describe('Token', () => {
  it('deploy: mints the initial supply to the deployer, who becomes the owner', async () => {
    const { token, owner } = await loadFixture(deployToken)
    expect(await token.name()).toBe('My Token')
    expect(await token.symbol()).toBe('MTK')
    expect(await token.decimals()).toBe(18)
    expect(await token.totalSupply()).toBe(SUPPLY)
    expect(await token.balanceOf(owner.address)).toBe(SUPPLY)
    expect(await token.owner()).toBe(owner.address)
  })

  it('transfer: moves the amount between the two accounts and emits Transfer', async () => {
    const { token, owner, alice } = await loadFixture(deployToken)
    const result = await expectBalanceChanges(() => token.transfer(alice.address, 250n * E18), token, [
      [owner, -250n * E18],
      [alice, 250n * E18],
    ])
    expect(result.returnValue).toBe(true)
    await expectEvent(result, 'Transfer', { from: owner.address, to: alice.address, value: 250n * E18 })
  })

  it('transfer: from another account, with that account as the runner', async () => {
    const { token, alice, bob } = await loadFixture(deployToken)
    await token.transfer(alice.address, 10n)
    await expectBalanceChange(() => token.connect(alice).transfer(bob.address, 4n), token, bob, 4n)
    expect(await token.balanceOf(alice.address)).toBe(6n)
  })

  it('transfer: more than the balance reverts with "insufficient balance" and moves nothing', async () => {
    const { token, alice, bob } = await loadFixture(deployToken)
    await expectBalanceChange(() => expectRevert(token.connect(alice).transfer(bob.address, 1n), 'insufficient balance'), token, bob, 0n)
  })

  it('approve: sets the allowance and emits Approval', async () => {
    const { token, owner, alice } = await loadFixture(deployToken)
    await expectEvent(token.approve(alice.address, 100n), 'Approval', { owner: owner.address, spender: alice.address, value: 100n })
    expect(await token.allowance(owner.address, alice.address)).toBe(100n)
  })

  it('transferFrom: the spender moves tokens within the allowance, which goes down', async () => {
    const { token, owner, alice, bob } = await loadFixture(deployToken)
    await token.approve(alice.address, 100n)
    await expectBalanceChanges(() => token.connect(alice).transferFrom(owner.address, bob.address, 60n), token, [
      [owner, -60n],
      [bob, 60n],
      [alice, 0n],
    ])
    expect(await token.allowance(owner.address, alice.address)).toBe(40n)
  })

  it('transferFrom: beyond the allowance reverts with "insufficient allowance"', async () => {
    const { token, owner, alice, bob } = await loadFixture(deployToken)
    await token.approve(alice.address, 100n)
    await expectRevert(token.connect(alice).transferFrom(owner.address, bob.address, 101n), 'insufficient allowance')
    expect(await token.allowance(owner.address, alice.address)).toBe(100n)
  })

  it('mint: the owner mints to any account; the supply grows and Transfer comes from the zero address', async () => {
    const { token, alice } = await loadFixture(deployToken)
    const result = await expectBalanceChange(() => token.mint(alice.address, 5n * E18), token, alice, 5n * E18)
    await expectEvent(result, 'Transfer', { from: '0x0000000000000000000000000000000000000000', to: alice.address, value: 5n * E18 })
    expect(await token.totalSupply()).toBe(SUPPLY + 5n * E18)
  })

  it('mint: any other account reverts with "only the owner can mint"', async () => {
    const { token, alice } = await loadFixture(deployToken)
    const error = await expectRevert(token.connect(alice).mint(alice.address, 1n), 'only the owner can mint')
    expect(error.code).toBe('REVERT')
    // The error points at the contract's own TypeScript line.
    expect(error.source?.file).toBe('contracts/Token.ts')
    expect(await token.totalSupply()).toBe(SUPPLY)
  })

  it('burn: destroys the caller tokens and lowers the supply', async () => {
    const { token, owner } = await loadFixture(deployToken)
    await expectBalanceChange(() => token.burn(E18), token, owner, -E18)
    expect(await token.totalSupply()).toBe(SUPPLY - E18)
  })
})

describe('deploy/01_deploy.ts', () => {
  it('deploys the token with the whole supply on account 0', async () => {
    const { deployments, logs } = await chain.runDeployScript(deployScript)
    const token = await chain.at<typeof Token>(deployments.Token!, 'contracts/Token.ts')
    expect(await token.balanceOf(chain.accounts[0]!)).toBe(SUPPLY)
    expect(logs).toHaveLength(1)
  })
})
