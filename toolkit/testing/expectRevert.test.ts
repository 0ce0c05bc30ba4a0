import { AssertionError } from 'node:assert'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertionFailure as failure } from './fixtures/assertionFailure.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { ContractError } from '../client/ContractError.ts'
import { createTestChain } from './createTestChain.ts'
import type { TestChain } from './TestChain.ts'
import { expectRevert } from './expectRevert.ts'

let chain: TestChain
let token: Awaited<ReturnType<typeof deployToken>>
async function deployToken() {
  return chain.deploy<typeof ERC20>('contracts/standard/ERC20.ts', ['Token', 'TKN', 18, 1000n])
}
beforeAll(async () => {
  chain = await createTestChain({ node: { genesis: { devAccounts: 3 } } })
  token = await deployToken()
})
afterAll(() => chain.close())

describe('expectRevert', () => {
  it('reason: matches the exact revert reason and resolves with the ContractError', async () => {
    const error = await expectRevert(token.transfer(chain.accounts[1]!, 1001n), 'insufficient balance')
    expect(error).toBeInstanceOf(ContractError)
    expect(error.code).toBe('REVERT')
    expect(error.source?.file).toBe('contracts/standard/ERC20.ts')
  })

  it('code: a VM code matches too', async () => {
    await expectRevert(token.transfer(chain.accounts[1]!, 1001n), 'REVERT')
  })

  it('object: every field given must match', async () => {
    await expectRevert(token.transfer(chain.accounts[1]!, 1001n), { code: 'REVERT', reason: 'insufficient balance' })
    await expectRevert(token.transfer(chain.accounts[1]!, 1001n), { reason: 'insufficient balance' })
    const e = await failure(expectRevert(token.transfer(chain.accounts[1]!, 1001n), { code: 'OUT_OF_GAS', reason: 'insufficient balance' }))
    expect(e?.code).toBe('ERR_ASSERTION')
    expect(e?.actual).toEqual({ code: 'REVERT', reason: 'insufficient balance' })
  })

  it('a function: is called, and its failure matched', async () => {
    await expectRevert(() => token.connect(chain.wallets[1]!).mint(chain.accounts[1]!, 1n), 'only the owner can mint')
  })

  it('a different reason: fails with actual and expected set', async () => {
    const e = await failure(expectRevert(token.transfer(chain.accounts[1]!, 1001n), 'insufficient allowance'))
    expect(e?.code).toBe('ERR_ASSERTION')
    expect(e?.actual).toBe('insufficient balance')
    expect(e?.expected).toBe('insufficient allowance')
  })

  it('a reason that is only a prefix: fails (exact match, not substring)', async () => {
    expect(await failure(expectRevert(token.transfer(chain.accounts[1]!, 1001n), 'insufficient'))).toBeInstanceOf(AssertionError)
  })

  it('a call that succeeds: fails', async () => {
    const e = await failure(expectRevert(token.transfer(chain.accounts[1]!, 1n), 'insufficient balance'))
    expect(e?.code).toBe('ERR_ASSERTION')
  })

  it('an error that is not a contract failure (a refused argument): fails', async () => {
    const e = await failure(expectRevert(token.transfer('not-an-address', 1n), 'INVALID_ARGUMENT'))
    expect(e?.code).toBe('ERR_ASSERTION')
  })

  it('a mined failure (sent with an explicit gas limit, no dry run) matches by its receipt', async () => {
    const error = await expectRevert(token.transfer(chain.accounts[1]!, 5000n, { gasLimit: 200_000 }), 'insufficient balance')
    expect(error.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(error.receipt?.status).toBe('failure')
  })
})
