import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { callRpc } from './callRpc.ts'
import { createWallet, type Wallet } from './createWallet.ts'
import { deployContract } from './deployContract.ts'
import { compiled, startTestChain, type TestChain } from './fixtures/testChain.ts'
import type { Provider } from './Provider.ts'
import type { RpcProof } from './rpcSchema.ts'
import { verifyStateProof } from './verifyStateProof.ts'

let chain: TestChain
let provider: Provider
let alice: Wallet
let token: string
const bob = '0x' + 'b0'.repeat(20)

beforeAll(async () => {
  chain = await startTestChain()
  provider = chain.provider('http')
  alice = createWallet(0, provider)
  const t = await deployContract<typeof ERC20>(alice, await compiled('contracts/standard/ERC20.ts'), ['T', 'T', 18, 1000n])
  await t.transfer(bob, 25n)
  token = t.address
})
afterAll(async () => {
  await chain.close()
})

/** Replace the hex digit at `at` (counted from the end) with another one. */
function flipHex(hex: string, at = 3): string {
  const i = hex.length - at
  return hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1)
}

describe('verifyStateProof', () => {
  it('an account and its storage slots from chain_getProof: valid, with the proven values', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [token, ['bal:' + bob, 'name', 'no-such-key']])
    const r = verifyStateProof(token, proof)
    expect(r.valid).toBe(true)
    if (!r.valid) return
    expect(r.account?.codeHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(r.storage.get('no-such-key')).toBeUndefined()
    expect(r.storage.has('no-such-key')).toBe(true)
    expect(r.storage.get('bal:' + bob)).toBe(proof.storage[0]?.value)
    expect(r.storage.get('bal:' + bob)).not.toBeUndefined()
  })

  it('an externally owned account: valid, nonce and balance as bigints', async () => {
    const r = verifyStateProof(alice.address, await callRpc(provider, 'chain_getProof', [alice.address, []]))
    expect(r.valid && r.account?.nonce).toBe(2n)
    expect(r.valid && typeof r.account?.balance).toBe('bigint')
  })

  it('an account that does not exist: valid non-inclusion, account undefined', async () => {
    const nobody = '0x' + 'ab'.repeat(20)
    const r = verifyStateProof(nobody, await callRpc(provider, 'chain_getProof', [nobody, []]))
    expect(r).toMatchObject({ valid: true, account: undefined })
  })

  it('tampered balance: invalid at the account', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [alice.address, []])
    const tampered: RpcProof = { ...proof, account: { ...proof.account!, balance: (BigInt(proof.account!.balance) + 1n).toString() } }
    expect(verifyStateProof(alice.address, tampered)).toEqual({ valid: false, failed: 'account' })
  })

  it('tampered storage value: invalid at that key', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [token, ['bal:' + bob]])
    const slot = proof.storage[0]!
    const tampered: RpcProof = { ...proof, storage: [{ ...slot, value: slot.value + '0' }] }
    expect(verifyStateProof(token, tampered)).toEqual({ valid: false, failed: 'storage', key: 'bal:' + bob })
  })

  it('a storage value claimed absent that exists: invalid', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [token, ['bal:' + bob]])
    const tampered: RpcProof = { ...proof, storage: [{ ...proof.storage[0]!, value: null }] }
    expect(verifyStateProof(token, tampered).valid).toBe(false)
  })

  it('tampered proof bytes: invalid', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [alice.address, []])
    expect(verifyStateProof(alice.address, { ...proof, accountProof: flipHex(proof.accountProof, 10) }).valid).toBe(false)
    expect(verifyStateProof(alice.address, { ...proof, accountProof: '0x1' }).valid).toBe(false)
  })

  it('the proof checked for another address: invalid', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [alice.address, []])
    expect(verifyStateProof(bob, proof).valid).toBe(false)
  })

  it('a trusted root other than the proof’s: invalid at the state root', async () => {
    const proof = await callRpc(provider, 'chain_getProof', [alice.address, []])
    expect(verifyStateProof(alice.address, proof, { stateRoot: flipHex(proof.stateRoot) })).toEqual({ valid: false, failed: 'stateRoot' })
    const head = await callRpc(provider, 'chain_getBlockByNumber', ['latest'])
    expect(verifyStateProof(alice.address, proof, { stateRoot: head!.stateRoot }).valid).toBe(true)
  })
})
