import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, maintainVm, vmNeedsMaintenance, type Vm } from '../../vm/index.ts'
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

describe('instance maintenance', () => {
  const MIB = 1024 * 1024
  // A fresh instance has 16 MiB of linear memory; a 12-million-character string grows it past that.
  const grower = rawContract({ grow: ['call', 'function (n) { return "x".repeat(n).length }'] })

  it('flags an instance whose memory grew past the bound, and maintainVm replaces it with a fresh one', async () => {
    const small = await createVm({ instanceMemoryBytes: 16 * MIB })
    try {
      const chain = new TestChain(small)
      const { address } = chain.deployCode(alice, grower)
      expect(vmNeedsMaintenance(small)).toBe(false)
      expect(chain.send(alice, address, 'grow', [1000]).status).toBe('success')
      expect(vmNeedsMaintenance(small)).toBe(false)
      const grown = chain.send(alice, address, 'grow', [12_000_000], { gasLimit: 500_000_000 })
      expect(grown.status).toBe('success')
      expect(small.slots.some((s) => s.memoryBytes > 16 * MIB)).toBe(true)
      expect(vmNeedsMaintenance(small)).toBe(true)
      // Asking again (nothing ran in between) must still say so.
      expect(vmNeedsMaintenance(small)).toBe(true)
      await maintainVm(small)
      expect(small.slots).toHaveLength(small.options.instances)
      expect(small.slots.every((s) => s.memoryBytes <= 16 * MIB)).toBe(true)
      expect(vmNeedsMaintenance(small)).toBe(false)
      // The contract is reloaded into a fresh instance and answers as before.
      expect(chain.send(alice, address, 'grow', [1000]).returnValue).toBe('1000')
    } finally {
      disposeVm(small)
    }
  })

  it('flags a broken instance even when it has not run since the last check', async () => {
    const v = await createVm()
    try {
      expect(vmNeedsMaintenance(v)).toBe(false)
      const victim = v.slots[2]!
      victim.broken = true
      expect(vmNeedsMaintenance(v)).toBe(true)
      await maintainVm(v)
      expect(v.slots).toHaveLength(v.options.instances)
      expect(v.slots.includes(victim)).toBe(false)
      expect(vmNeedsMaintenance(v)).toBe(false)
    } finally {
      disposeVm(v)
    }
  })
})
