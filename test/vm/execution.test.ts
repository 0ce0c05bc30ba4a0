import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { rawContract } from '../support/rawContract.ts'
import { TestChain, addr } from '../support/vmHarness.ts'

const alice = addr('alice')

let vm: Vm
beforeAll(async () => {
  vm = await createVm()
})
afterAll(() => disposeVm(vm))

const store = rawContract({
  write: ['call', 'function (k, v) { __chain.set(k, v); __chain.emit("Wrote", JSON.stringify({ k })); return v }'],
  read: ['view', 'function (k) { return __chain.get(k) ?? null }'],
  writeThenRevert: ['call', 'function (k, v) { __chain.set(k, v); __chain.revert("no") }'],
  writeInView: ['view', 'function () { __chain.set("k", "v") }'],
})

function caller(target: string): string {
  return rawContract({
    // Writes its own key, calls the store, then fails or not as told.
    callAndFail: ['call', `function () { __chain.set("mine", "1"); __chain.call(${JSON.stringify(target)}, "write", JSON.stringify(["k", "from caller"])); __chain.revert("caller fails") }`],
    callCatching: ['call', `function () { __chain.set("mine", "1"); try { __chain.call(${JSON.stringify(target)}, "writeThenRevert", JSON.stringify(["k", "x"])) } catch (e) { return e.code } }`],
    callWithGas: ['call', `function (gas) { return __chain.call(${JSON.stringify(target)}, "read", JSON.stringify(["k"]), { gas }) }`],
    callWithGasCatching: ['call', `function (gas) { try { return __chain.call(${JSON.stringify(target)}, "read", JSON.stringify(["k"]), { gas }) } catch (e) { return e.code } }`],
  })
}

describe('nested calls', () => {
  it('caller reverts after a successful nested write: both frames roll back, events too', () => {
    const chain = new TestChain(vm)
    const s = chain.deployCode(alice, store).address
    const c = chain.deployCode(alice, caller(s)).address
    const out = chain.send(alice, c, 'callAndFail')
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe('caller fails')
    expect(out.events).toEqual([])
    expect(chain.getStorage(s, 'k')).toBeUndefined()
    expect(chain.getStorage(c, 'mine')).toBeUndefined()
  })

  it('callee reverts and the caller catches: callee writes rolled back, caller writes kept, code visible', () => {
    const chain = new TestChain(vm)
    const s = chain.deployCode(alice, store).address
    const c = chain.deployCode(alice, caller(s)).address
    const out = chain.send(alice, c, 'callCatching')
    expect(out.status).toBe('success')
    expect(JSON.parse(out.returnValue!)).toBe('REVERT')
    expect(chain.getStorage(c, 'mine')).toBe('1')
    expect(chain.getStorage(s, 'k')).toBeUndefined()
  })

  it('forwarded gas too small: the callee fails OUT_OF_GAS; the caller catches it and goes on', () => {
    const chain = new TestChain(vm)
    const s = chain.deployCode(alice, store).address
    const c = chain.deployCode(alice, caller(s)).address
    const out = chain.send(alice, c, 'callWithGasCatching', [10])
    expect(out.status).toBe('success')
    expect(JSON.parse(out.returnValue!)).toBe('OUT_OF_GAS')
  })

  it('callee failure not caught: the caller fails with the callee code, charged only the gas it used', () => {
    const chain = new TestChain(vm)
    const s = chain.deployCode(alice, store).address
    const c = chain.deployCode(alice, caller(s)).address
    const out = chain.send(alice, c, 'callWithGas', [10], { gasLimit: 5_000_000 })
    expect(out.code).toBe('OUT_OF_GAS')
    expect(out.gasUsed).toBeGreaterThan(0)
    expect(out.gasUsed).toBeLessThan(5_000_000)
  })

  it('views cannot write, directly or by calling a state-changing method', () => {
    const chain = new TestChain(vm)
    const s = chain.deployCode(alice, store).address
    expect(chain.send(alice, s, 'writeInView').code).toBe('STATIC_CALL_VIOLATION')
    expect(chain.view(s, 'write', ['k', 'v']).code).toBe('STATIC_CALL_VIOLATION')
  })

  it('unknown address: NO_CONTRACT', () => {
    const chain = new TestChain(vm)
    expect(chain.send(alice, addr('nobody'), 'x').code).toBe('NO_CONTRACT')
  })
})

describe('re-entry and depth', () => {
  const pingPong = (reentrant: boolean) =>
    rawContract({
      setPeer: ['call', 'function (p) { __chain.set("peer", p) }'],
      ping: ['call', 'function (n) { if (n === 0) return 0; return 1 + __chain.call(__chain.get("peer"), "ping", JSON.stringify([n - 1])) }', { reentrant }],
    })

  it('re-entry into a contract already on the stack: refused with REENTRANCY unless it opts in', () => {
    const chain = new TestChain(vm)
    const a = chain.deployCode(alice, pingPong(false)).address
    const b = chain.deployCode(alice, pingPong(false), [], { address: addr('b-strict') }).address
    chain.send(alice, a, 'setPeer', [b])
    chain.send(alice, b, 'setPeer', [a])
    expect(chain.send(alice, a, 'ping', [1]).status).toBe('success')
    expect(chain.send(alice, a, 'ping', [2]).code).toBe('REENTRANCY')
  })

  it('opted-in re-entry works, and the call depth is capped with CALL_DEPTH_EXCEEDED', () => {
    const chain = new TestChain(vm)
    const a = chain.deployCode(alice, pingPong(true)).address
    const b = chain.deployCode(alice, pingPong(true), [], { address: addr('b-loose') }).address
    chain.send(alice, a, 'setPeer', [b])
    chain.send(alice, b, 'setPeer', [a])
    const ok = chain.send(alice, a, 'ping', [6])
    expect(ok.status).toBe('success')
    expect(JSON.parse(ok.returnValue!)).toBe(6)
    expect(chain.send(alice, a, 'ping', [vm.limits.maxCallDepth + 5], { gasLimit: 50_000_000 }).code).toBe('CALL_DEPTH_EXCEEDED')
    expect(vm.stats.faults).toBe(0)
  })
})

describe('native value', () => {
  const bank = rawContract({
    deposit: ['call', 'function () { return __chain.ctx.value }', { payable: true }],
    withdraw: ['call', 'function (to, amount) { __chain.transfer(to, amount); return __chain.balance(__chain.ctx.self) }'],
  })

  it('payable method receives value; transfer out moves it; overdraft fails', () => {
    const chain = new TestChain(vm)
    chain.balances.set(alice, 1000n)
    const b = chain.deployCode(alice, bank).address
    const dep = chain.send(alice, b, 'deposit', [], { value: 300n })
    expect(dep.status).toBe('success')
    expect(chain.getBalance(b)).toBe(300n)
    expect(chain.getBalance(alice)).toBe(700n)
    const bob = addr('bob')
    expect(chain.send(alice, b, 'withdraw', [bob, '100']).status).toBe('success')
    expect(chain.getBalance(bob)).toBe(100n)
    const over = chain.send(alice, b, 'withdraw', [bob, '1000'])
    expect(over.code).toBe('INSUFFICIENT_BALANCE')
    expect(chain.getBalance(b)).toBe(200n)
  })

  it('value beyond the sender balance: INSUFFICIENT_BALANCE, nothing moves', () => {
    const chain = new TestChain(vm)
    chain.balances.set(alice, 10n)
    const b = chain.deployCode(alice, bank).address
    expect(chain.send(alice, b, 'deposit', [], { value: 11n }).code).toBe('INSUFFICIENT_BALANCE')
    expect(chain.getBalance(alice)).toBe(10n)
  })
})

describe('gas', () => {
  it('the same call costs the same gas every time, and more work costs more', () => {
    const chain = new TestChain(vm)
    const c = chain.deployCode(alice, rawContract({ work: ['view', 'function (n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s }'] })).address
    const g = (n: number) => chain.view(c, 'work', [n]).gasUsed
    expect(g(100)).toBe(g(100))
    expect(g(1000)).toBeGreaterThan(g(100))
  })
})
