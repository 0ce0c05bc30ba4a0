import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { TestChain, addr } from '../support/vmHarness.ts'

const ERC20 = 'contracts/standard/ERC20.ts'
const alice = addr('alice')
const bob = addr('bob')
const carol = addr('carol')
const ZERO = '0x0000000000000000000000000000000000000000'

let vm: Vm
beforeAll(async () => {
  vm = await createVm({ instances: 20 })
})
afterAll(() => disposeVm(vm))

async function token(supply = 1_000_000n * 10n ** 18n) {
  const chain = new TestChain(vm)
  const address = await chain.deploy(ERC20, alice, ['Test Token', 'TT', 18, supply])
  return { chain, address }
}

describe('ERC20', () => {
  it('deploy: mints the initial supply to the deployer and records metadata', async () => {
    const { chain, address } = await token(1000n)
    expect(chain.read(address, 'name')).toBe('Test Token')
    expect(chain.read(address, 'symbol')).toBe('TT')
    expect(chain.read(address, 'decimals')).toBe(18)
    expect(chain.read(address, 'totalSupply')).toBe('1000')
    expect(chain.read(address, 'balanceOf', [alice])).toBe('1000')
    expect(chain.read(address, 'owner')).toBe(alice)
  })

  it('transfer: moves the amount and emits Transfer', async () => {
    const { chain, address } = await token(1000n)
    const out = chain.send(alice, address, 'transfer', [bob, 250n])
    expect(out.status).toBe('success')
    expect(out.returnValue).toBe('true')
    expect(out.events).toEqual([{ contract: address, name: 'Transfer', data: JSON.stringify({ from: alice, to: bob, value: '250' }) }])
    expect(chain.read(address, 'balanceOf', [alice])).toBe('750')
    expect(chain.read(address, 'balanceOf', [bob])).toBe('250')
    expect(out.gasUsed).toBeGreaterThan(0)
  })

  it('transfer: more than the balance reverts and changes nothing', async () => {
    const { chain, address } = await token(1000n)
    const out = chain.send(alice, address, 'transfer', [bob, 1001n])
    expect(out.status).toBe('failure')
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('insufficient balance')
    expect(out.storageChanges).toEqual([])
    expect(out.events).toEqual([])
    expect(chain.read(address, 'balanceOf', [alice])).toBe('1000')
  })

  it('transfer: amounts beyond 2^53 keep every digit (bigint end to end)', async () => {
    const big = 123456789012345678901234567890n
    const { chain, address } = await token(big)
    chain.send(alice, address, 'transfer', [bob, big - 1n])
    expect(chain.read(address, 'balanceOf', [bob])).toBe((big - 1n).toString())
    expect(chain.read(address, 'balanceOf', [alice])).toBe('1')
  })

  it('approve and transferFrom: spends the allowance', async () => {
    const { chain, address } = await token(1000n)
    expect(chain.send(alice, address, 'approve', [bob, 300n]).status).toBe('success')
    expect(chain.read(address, 'allowance', [alice, bob])).toBe('300')
    const out = chain.send(bob, address, 'transferFrom', [alice, carol, 200n])
    expect(out.status).toBe('success')
    expect(out.events.map((e) => e.name)).toEqual(['Transfer'])
    expect(chain.read(address, 'allowance', [alice, bob])).toBe('100')
    expect(chain.read(address, 'balanceOf', [carol])).toBe('200')
  })

  it('transferFrom: beyond the allowance reverts', async () => {
    const { chain, address } = await token(1000n)
    chain.send(alice, address, 'approve', [bob, 100n])
    const out = chain.send(bob, address, 'transferFrom', [alice, carol, 101n])
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('insufficient allowance')
  })

  it('mint: only the owner may mint; supply grows', async () => {
    const { chain, address } = await token(1000n)
    expect(chain.send(bob, address, 'mint', [bob, 5n]).code).toBe('REVERT')
    expect(chain.send(alice, address, 'mint', [bob, 5n]).status).toBe('success')
    expect(chain.read(address, 'totalSupply')).toBe('1005')
    const events = chain.send(alice, address, 'mint', [carol, 1n]).events
    expect(JSON.parse(events[0]!.data)).toEqual({ from: ZERO, to: carol, value: '1' })
  })

  it('burn: destroys the caller tokens and lowers the supply', async () => {
    const { chain, address } = await token(1000n)
    expect(chain.send(alice, address, 'burn', [400n]).status).toBe('success')
    expect(chain.read(address, 'totalSupply')).toBe('600')
    expect(chain.read(address, 'balanceOf', [alice])).toBe('600')
  })

  it('transfer: malformed arguments fail with INVALID_ARGUMENT', async () => {
    const { chain, address } = await token(1000n)
    expect(chain.send(alice, address, 'transfer', [bob, 'lots']).code).toBe('INVALID_ARGUMENT')
    expect(chain.send(alice, address, 'transfer', [bob, 1.5]).code).toBe('INVALID_ARGUMENT')
    expect(chain.send(alice, address, 'transfer', [bob]).code).toBe('INVALID_ARGUMENT')
    expect(chain.send(alice, address, 'transfer', ['not-an-address', 1n]).code).toBe('REVERT')
  })

  it('views: a view cannot write (balanceOf through a read-only call of transfer fails)', async () => {
    const { chain, address } = await token(1000n)
    const out = chain.view(address, 'transfer', [bob, 1n], alice)
    expect(out.code).toBe('STATIC_CALL_VIOLATION')
  })

  it('unknown method: NO_SUCH_METHOD; constructor after deploy: INIT_NOT_CALLABLE', async () => {
    const { chain, address } = await token(1000n)
    expect(chain.send(alice, address, 'nope').code).toBe('NO_SUCH_METHOD')
    expect(chain.send(alice, address, 'setup', ['a', 'b', 1, 1n]).code).toBe('INIT_NOT_CALLABLE')
  })

  it('value: sending native value to a non-payable method fails with NOT_PAYABLE', async () => {
    const { chain, address } = await token(1000n)
    chain.balances.set(alice, 100n)
    expect(chain.send(alice, address, 'transfer', [bob, 1n], { value: 1n }).code).toBe('NOT_PAYABLE')
  })
})
