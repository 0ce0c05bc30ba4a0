import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, maintainVm, type Vm } from '../../vm/index.ts'
import { rawContract } from '../support/rawContract.ts'
import { TestChain, addr } from '../support/vmHarness.ts'

const alice = addr('alice')
const INSTANCES = 20
const CONTRACTS = 1000

let vm: Vm
beforeAll(async () => {
  vm = await createVm({ instances: INSTANCES })
})
afterAll(() => disposeVm(vm))

describe('instance cache', () => {
  it(`${CONTRACTS} contracts called round-robin: pool stays at ${INSTANCES} instances, memory bounded, reloads give byte-identical results`, async () => {
    const chain = new TestChain(vm)
    const addresses: string[] = []
    for (let i = 0; i < CONTRACTS; i++) {
      // Distinct code per contract: every one is a separate code hash and instance.
      const code = rawContract({
        touch: ['call', `function (n) { const k = "n"; const v = Number(__chain.get(k) ?? "0") + n + ${i}; __chain.set(k, String(v)); __chain.emit("Touched", JSON.stringify({ v, r: Math.random() })); return { v, id: ${i}, t: Date.now() } }`],
      })
      const { address, outcome } = chain.deployCode(alice, code, [], { address: addr(`c${i}`) })
      expect(outcome.status).toBe('success')
      addresses.push(address)
    }
    const round = () => addresses.map((a) => JSON.stringify(chain.view(a, 'touch', [1], alice)))
    const first = round()
    const loadsAfterFirst = vm.stats.loads
    const rssAfterFirst = process.memoryUsage().rss
    const memoryAfterFirst = vm.slots.reduce((n, s) => n + s.memoryBytes, 0)
    await maintainVm(vm)
    const second = round()
    expect(second).toEqual(first)
    expect(vm.stats.loads - loadsAfterFirst).toBeGreaterThanOrEqual(CONTRACTS - INSTANCES)
    expect(vm.slots.length).toBe(INSTANCES)
    expect(vm.slots.reduce((n, s) => n + s.memoryBytes, 0)).toBe(memoryAfterFirst)
    // Reloading 1000 contracts again must not grow the process by more than a few instances' worth.
    expect(process.memoryUsage().rss - rssAfterFirst).toBeLessThan(200 * 1024 * 1024)
    expect(vm.stats.faults).toBe(0)
  })
})
