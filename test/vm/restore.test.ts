import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STACK_POINTER_INIT, STATIC_END, WRITE_MAP_BASE } from '../../vm/engine/engine.ts'
import { restoreStats } from '../../vm/engine/snapshot.ts'
import { trackWrites } from '../../vm/engine/trackWrites.ts'
import { resetSlot } from '../../vm/slot/Slot.ts'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { TestChain, addr } from '../support/vmHarness.ts'

const alice = addr('alice')
const bob = addr('bob')

let vm: Vm
let chain: TestChain
let token: string
let other: string
let amm: string
let churn: string
let hostile: string

beforeAll(async () => {
  vm = await createVm()
  chain = new TestChain(vm)
  token = await chain.deploy('contracts/standard/ERC20.ts', alice, ['A', 'A', 18, 10n ** 30n])
  other = await chain.deploy('contracts/standard/ERC20.ts', alice, ['B', 'B', 18, 10n ** 30n])
  amm = await chain.deploy('contracts/standard/AMM.ts', alice)
  churn = await chain.deploy('test/contracts/restore/Churn.ts', alice)
  hostile = await chain.deploy('test/contracts/hostile/Hostile.ts', alice)
  chain.send(alice, amm, 'createPool', [token, other])
  chain.send(alice, token, 'approve', [amm, 10n ** 30n])
  chain.send(alice, other, 'approve', [amm, 10n ** 30n])
  chain.send(alice, amm, 'addLiquidity', [token, other, 10n ** 24n, 10n ** 24n, 0n, 0n])
}, 120_000)
afterAll(() => disposeVm(vm))

/**
 * Restore every loaded, idle instance the way the next call would (resetSlot: from the write
 * map), then compare its whole static region and heap with the snapshot: the bytes that differ.
 */
function restoreAndDiff(): number {
  let differing = 0
  for (const slot of vm.slots) {
    if (!slot.loaded || slot.active > 0 || slot.broken) continue
    resetSlot(slot)
    const mem = new Uint8Array(slot.instance.memory.buffer)
    const { staticBytes, heapBytes } = slot.loaded.snapshot
    for (let i = 0; i < staticBytes.length; i++) if (mem[i] !== staticBytes[i]) differing++
    for (let i = 0; i < heapBytes.length; i++) if (mem[STACK_POINTER_INIT + i] !== heapBytes[i]) differing++
    // And the map is clear for the next call.
    const map = new Uint8Array(slot.instance.memory.buffer, WRITE_MAP_BASE, mem.length >>> 8)
    if (map.some((b) => b !== 0)) differing++
  }
  return differing
}

const calls: Array<[string, () => unknown]> = [
  ['ERC20 transfer', () => chain.send(alice, token, 'transfer', [bob, 5n])],
  ['ERC20 approve and transferFrom', () => (chain.send(alice, token, 'approve', [bob, 9n]), chain.send(bob, token, 'transferFrom', [alice, bob, 4n]))],
  ['AMM swap (two nested token calls)', () => chain.send(alice, amm, 'swapExactIn', [token, other, 10n ** 18n, 0n, alice])],
  ['AMM swap the other way', () => chain.send(alice, amm, 'swapExactIn', [other, token, 10n ** 18n, 0n, bob])],
  ['a view', () => chain.view(token, 'balanceOf', [alice])],
  ['a big string argument and result (copied in by the host)', () => chain.view(churn, 'echo', ['z'.repeat(30_000) + 'q'.repeat(30_000)])],
  ['typed arrays: fill, copyWithin, set, slice', () => chain.send(alice, churn, 'typedArrays', [200_000])],
  ['arrays: from, copyWithin, fill, sort, splice', () => chain.send(alice, churn, 'arrays', [5_000])],
  ['strings: build, split, pad, replace, normalize', () => chain.send(alice, churn, 'strings', [20_000])],
  ['JSON round trip', () => chain.send(alice, churn, 'json', [2_000])],
  ['Map and Set growth', () => chain.send(alice, churn, 'collections', [5_000])],
  ['BigInt growth', () => chain.send(alice, churn, 'bigints', [300])],
  ['regular expressions', () => chain.view(churn, 'regexps', [500])],
  ['an uncaught throw', () => chain.send(alice, churn, 'throws', [100_000])],
  ['out of memory', () => chain.send(alice, hostile, 'memoryBomb')],
  ['stack overflow', () => chain.send(alice, hostile, 'recurse')],
  ['out of gas, caught by the contract', () => chain.send(alice, hostile, 'swallowOutOfGas', [], { gasLimit: 2_000_000 })],
  ['prototype pollution attempt', () => chain.send(alice, hostile, 'pollute')],
  ['local time and time zone (engine imports that write memory)', () => chain.view(hostile, 'dateString')],
  ['a big return value', () => chain.view(hostile, 'bigReturn')],
  ['a callee failing inside a caller', () => chain.send(alice, hostile, 'swallowCalleeFailure', [hostile], { gasLimit: 3_000_000 })],
]

describe('restoring from the write map', () => {
  it.each(calls)('after %s: memory is byte-identical to the snapshot', (_name, run) => {
    run()
    expect(restoreAndDiff()).toBe(0)
  })

  it('the engine does the restoring (the resident path), not the fallbacks', () => {
    const before = { ...restoreStats }
    for (let i = 0; i < 20; i++) chain.send(alice, token, 'transfer', [bob, 1n])
    expect(restoreStats.resident - before.resident).toBe(20)
    expect(restoreStats.full - before.full).toBe(0)
  })

  it('after a call that wrote to memory out of the map\'s sight, the next restore is a full one', () => {
    const slot = vm.slots.find((s) => s.loaded?.methods.has('bump') && s.active === 0)!
    chain.send(alice, hostile, 'bump')
    slot.instance.watch.unknownWrites = true
    // Write somewhere in the heap from here, as the library's own API would: only a full restore undoes it.
    const heap = new Uint8Array(slot.instance.memory.buffer)
    heap[STACK_POINTER_INIT + 64] = heap[STACK_POINTER_INIT + 64]! ^ 0xff
    const before = restoreStats.full
    expect(restoreAndDiff()).toBe(0)
    expect(restoreStats.full - before).toBeGreaterThanOrEqual(1)
  })

  it('a write the map did not see and nobody flagged would be missed (the check above can fail)', () => {
    const slot = vm.slots.find((s) => s.loaded?.methods.has('bump') && s.active === 0)!
    chain.send(alice, hostile, 'bump')
    resetSlot(slot)
    const mem = new Uint8Array(slot.instance.memory.buffer)
    mem[STACK_POINTER_INIT + 64] = mem[STACK_POINTER_INIT + 64]! ^ 0xff
    resetSlot(slot)
    expect(mem[STACK_POINTER_INIT + 64]).not.toBe(slot.loaded!.snapshot.heapBytes[64])
    mem[STACK_POINTER_INIT + 64] = slot.loaded!.snapshot.heapBytes[64]!
  })
})

describe('the rewrite of the engine', () => {
  const require = createRequire(import.meta.url)
  const original = new Uint8Array(readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')))
  const layout = { map: WRITE_MAP_BASE, staticEnd: STATIC_END, heapStart: STACK_POINTER_INIT }

  it('is deterministic: the same bytes every time, pinned (they are part of the engine build, ENGINE_ID)', () => {
    const a = trackWrites(original, layout)
    const b = trackWrites(original, layout)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(createHash('sha256').update(a).digest('hex')).toBe(REWRITTEN_SHA256)
  })

  it('refuses an instruction it does not know rather than leave a write untracked', () => {
    // A module whose one function holds a SIMD instruction (prefix 0xfd).
    const simd = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
      0x03, 0x02, 0x01, 0x00, // one function of type 0
      0x07, 0x01, 0x00, // no exports
      0x0a, 0x07, 0x01, 0x05, 0x00, 0xfd, 0x0c, 0x00, 0x0b, // body: 0 locals, fd 0c ..., end
    ])
    expect(() => trackWrites(simd, layout)).toThrow(/unsupported instruction prefix|unsupported opcode/)
  })
})

const REWRITTEN_SHA256 = '654d45463a009adf0f086fea394f1b37a429575316b2509f6930a10d82b995f4'
