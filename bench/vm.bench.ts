/**
 * VM benchmarks (issue targets on one core): vm.erc20.transfer ≥ 5,000 ops/s, vm.amm.swap
 * ≥ 2,500 ops/s, metering overhead ≤ 1.5 (ERC20) and ≤ 2.5 (loop), vm.deploy.erc20 ≤ 20 ms.
 * Calls go through executeCall with in-memory state; no signatures, no blocks.
 * The vm.frame.* and vm.snapshot.* lines (no targets) are the per-call floor under those
 * figures: a top-level call of a method that does nothing, a nested call of one (in another
 * contract, so its instance is restored first), a full snapshot restore of that contract's
 * instance (the fallback) and the restore every call pays first: the blocks a no-op call wrote
 * (vm/engine/trackWrites.ts).
 */
import { createVm, disposeVm, type Vm } from '../vm/index.ts'
import { WRITE_MAP_BASE } from '../vm/engine/engine.ts'
import { restoreSnapshot, restoreWritten } from '../vm/engine/snapshot.ts'
import { BLOCK_SHIFT } from '../vm/engine/trackWrites.ts'
import { TestChain, addr, artifact } from '../test/support/vmHarness.ts'
import { report, time } from './report.ts'

const alice = addr('alice')
const bob = addr('bob')
const N = Number(process.env.BENCH_N ?? 10_000)

async function erc20Transfers(vm: Vm, n: number): Promise<number> {
  const chain = new TestChain(vm)
  const token = await chain.deploy('contracts/standard/ERC20.ts', alice, ['Bench', 'B', 18, 10n ** 30n])
  const seconds = time(n, (i) => {
    const out = chain.send(alice, token, 'transfer', [i % 2 ? bob : alice, 1n])
    if (out.status !== 'success') throw new Error(`transfer failed: ${out.code} ${out.reason}`)
  })
  return n / seconds
}

async function ammSwaps(vm: Vm, n: number): Promise<number> {
  const chain = new TestChain(vm)
  const a = await chain.deploy('contracts/standard/ERC20.ts', alice, ['A', 'A', 18, 10n ** 30n])
  const b = await chain.deploy('contracts/standard/ERC20.ts', alice, ['B', 'B', 18, 10n ** 30n])
  const amm = await chain.deploy('contracts/standard/AMM.ts', alice)
  const must = (out: { status: string; code?: string; reason?: string }) => {
    if (out.status !== 'success') throw new Error(`${out.code} ${out.reason}`)
  }
  must(chain.send(alice, amm, 'createPool', [a, b]))
  must(chain.send(alice, a, 'approve', [amm, 10n ** 30n]))
  must(chain.send(alice, b, 'approve', [amm, 10n ** 30n]))
  must(chain.send(alice, amm, 'addLiquidity', [a, b, 10n ** 24n, 10n ** 24n, 0n, 0n]))
  const seconds = time(n, (i) => {
    const [tin, tout] = i % 2 ? [a, b] : [b, a]
    must(chain.send(alice, amm, 'swapExactIn', [tin, tout, 10n ** 18n, 0n, alice]))
  })
  return n / seconds
}

async function spin(vm: Vm, n: number, iterations: number): Promise<number> {
  const chain = new TestChain(vm)
  const loop = await chain.deploy('bench/contracts/Loop.ts', alice)
  return time(n, () => {
    const out = chain.view(loop, 'spin', [iterations])
    if (out.status !== 'success') throw new Error(`spin failed: ${out.code} ${out.reason}`)
  }, 20)
}

async function deployMs(vm: Vm, n: number): Promise<number> {
  const chain = new TestChain(vm)
  const { code } = await artifact('contracts/standard/ERC20.ts')
  // A different code hash each time: nothing cached, every deploy instruments and loads.
  const seconds = time(n, (i) => {
    const { outcome } = chain.deployCode(alice, `${code}// ${i}\n`, ['T', 'T', 18, 1000n])
    if (outcome.status !== 'success') throw new Error(`deploy failed: ${outcome.code} ${outcome.reason}`)
  }, 5)
  return (seconds * 1000) / n
}

/** Top-level calls/s, nested calls/s and snapshot restores/s, each of a method that does nothing. */
async function frames(vm: Vm, n: number): Promise<{ call: number; nested: number; restore: number; restoreWritten: number }> {
  const chain = new TestChain(vm)
  const caller = await chain.deploy('bench/contracts/Frames.ts', alice)
  const target = await chain.deploy('bench/contracts/Frames.ts', alice)
  const must = (out: { status: string; code?: string; reason?: string }) => {
    if (out.status !== 'success') throw new Error(`${out.code} ${out.reason}`)
  }
  const call = n / time(n, () => must(chain.send(alice, target, 'noop')))
  // Nested cost: the difference between calls making PER nested calls and calls making none.
  const PER = 20
  const outer = Math.ceil(n / PER)
  const withNested = time(outer, () => must(chain.send(alice, caller, 'callNoop', [target, PER])))
  const without = time(outer, () => must(chain.send(alice, caller, 'callNoop', [target, 0])))
  const nested = (outer * PER) / (withNested - without)
  const slot = vm.slots.find((s) => s.active === 0 && s.loaded?.methods.has('callNoop'))
  if (!slot) throw new Error('no instance holds the Frames contract')
  const restore = n / time(n, () => restoreSnapshot(slot.instance, slot.loaded!.snapshot))
  // The restore every call pays: the blocks a no-op call wrote, as its write map marked them
  // (the map is put back before each restore, which clears it; copying it is part of the figure).
  must(chain.send(alice, target, 'noop'))
  const ran = vm.slots.reduce((a, b) => (b.lastUsed > a.lastUsed ? b : a))
  const buffer = ran.instance.memory.buffer
  const map = new Uint8Array(buffer, WRITE_MAP_BASE, buffer.byteLength >>> BLOCK_SHIFT)
  const written = map.slice()
  const restoreMarked = n / time(n, () => {
    map.set(written)
    restoreWritten(ran.instance, ran.loaded!.snapshot)
  })
  return { call, nested, restore, restoreWritten: restoreMarked }
}

/** Median of metered/unmetered timings, measured in alternating rounds so machine noise hits both alike. */
async function overhead(rounds: number, run: (vm: Vm) => Promise<number>, metered: Vm, unmetered: Vm): Promise<number> {
  const ratios: number[] = []
  for (let i = 0; i < rounds; i++) {
    const m = await run(metered)
    const u = await run(unmetered)
    ratios.push(m / u)
  }
  ratios.sort((a, b) => a - b)
  return ratios[Math.floor(ratios.length / 2)]!
}

const metered = await createVm()
const unmetered = await createVm({ unmetered: true })

const transfer = await erc20Transfers(metered, N)
report('vm.erc20.transfer', 'ops/s', transfer, N)
const swap = await ammSwaps(metered, Math.ceil(N / 2))
report('vm.amm.swap', 'ops/s', swap, Math.ceil(N / 2))
// ops/s is a rate: the time ratio is unmetered rate / metered rate.
report('vm.metering.overhead.erc20', 'ratio', await overhead(5, async (vm) => 1 / (await erc20Transfers(vm, Math.ceil(N / 5))), metered, unmetered))
report('vm.metering.overhead.loop', 'ratio', await overhead(5, (vm) => spin(vm, 40, 20_000), metered, unmetered))
report('vm.deploy.erc20', 'ms', await deployMs(metered, 100), 100)
const f = await frames(metered, N)
report('vm.frame.call', 'ops/s', f.call, N)
report('vm.frame.nested', 'ops/s', f.nested, Math.ceil(N / 20) * 20)
report('vm.snapshot.restore', 'ops/s', f.restore, N)
report('vm.snapshot.restoreWritten', 'ops/s', f.restoreWritten, N)
disposeVm(metered)
disposeVm(unmetered)
