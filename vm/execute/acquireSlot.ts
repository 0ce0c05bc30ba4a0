import { instrumentedCode } from '../code/instrumentedCode.ts'
import type { Vm } from '../Vm.ts'
import { CONTRACT_FILE } from '../slot/prelude.ts'
import { loadContract, type Slot } from '../slot/Slot.ts'
import type { Execution, SetupFrame } from './Execution.ts'

export type Acquired =
  | { readonly ok: true; readonly slot: Slot }
  | { readonly ok: false; readonly code: 'INVALID_CODE' | 'SETUP_FAILED' | 'OUT_OF_GAS' | 'TIMEOUT' | 'VM_FAULT'; readonly reason: string; readonly line?: number }

/**
 * Find or make an instance of `codeHash` for `address`: the slot already running `address`
 * (permitted re-entry), else an idle slot holding this code, else the least recently used idle
 * slot, reloaded. Which slot serves a call never changes its result: every slot starts the
 * call from the same snapshot.
 */
export function acquireSlot(exec: Execution, address: string, codeHash: string, code?: string): Acquired {
  const r = findSlot(exec, address, codeHash, code)
  if (!r.ok && r.code === 'TIMEOUT') exec.timedOut = true
  if (!r.ok && r.code === 'VM_FAULT') exec.faulted = true
  return r
}

function findSlot(exec: Execution, address: string, codeHash: string, code?: string): Acquired {
  const vm = exec.vm
  for (const f of exec.stack) if (f.address === address) return { ok: true, slot: f.slot }
  let lru: Slot | undefined
  for (const s of vm.slots) {
    if (s.active > 0 || s.broken) continue
    if (s.loaded?.codeHash === codeHash) {
      vm.stats.hits++
      return { ok: true, slot: s }
    }
    if (!lru || s.lastUsed < lru.lastUsed) lru = s
  }
  if (!lru) return { ok: false, code: 'VM_FAULT', reason: 'no idle contract instance; raise the instance pool size' }
  const source = code ?? exec.journal.state.getCode(codeHash)
  if (source === undefined) return { ok: false, code: 'VM_FAULT', reason: `code ${codeHash} is missing from chain state` }
  return loadInto(vm, lru, codeHash, source, exec.deadline)
}

/** Instrument and load `source` into `slot`, running the contract's top-level code. */
export function loadInto(vm: Vm, slot: Slot, codeHash: string, source: string, deadline: number): Acquired {
  const inst = instrumentedCode(vm, codeHash, source)
  if (!inst.ok) {
    const e = inst.error
    return { ok: false, code: 'INVALID_CODE', reason: `${e.code}: ${e.message} (line ${e.line})`, line: e.line }
  }
  const setupFrame: SetupFrame = {
    kind: 'setup',
    gasLimit: vm.limits.setupGas,
    pollCost: vm.schedule.interruptPoll,
    deadline,
    pollGas: 0,
    outOfGas: false,
    timedOut: false,
  }
  slot.frame = setupFrame
  vm.stats.loads++
  let r
  try {
    r = loadContract(slot, codeHash, inst.code)
  } catch (e) {
    slot.broken = true
    vm.stats.faults++
    return { ok: false, code: 'VM_FAULT', reason: `engine failed while loading: ${(e as Error).message}` }
  } finally {
    slot.frame = undefined
  }
  slot.lastUsed = ++vm.tick
  if (r.ok) return { ok: true, slot }
  if (setupFrame.timedOut) return { ok: false, code: 'TIMEOUT', reason: `top-level code stopped by the ${vm.limits.backstopMs} ms wall-clock backstop` }
  if (setupFrame.outOfGas) return { ok: false, code: 'OUT_OF_GAS', reason: 'top-level code ran out of its setup gas' }
  const line = lineOf(r.stack)
  return { ok: false, code: 'SETUP_FAILED', reason: `${r.name}: ${r.message}`, ...(line === undefined ? {} : { line }) }
}

/** Bundle positions of the contract frames in a QuickJS stack (`at f (contract.js:L:C)`), innermost first. */
export function framesOf(stack: string): Array<{ line: number; column: number }> {
  const frames: Array<{ line: number; column: number }> = []
  const re = new RegExp(CONTRACT_FILE.replace('.', '\\.') + ':(\\d+)(?::(\\d+))?', 'g')
  for (const m of stack.matchAll(re)) frames.push({ line: Number(m[1]), column: m[2] ? Number(m[2]) : 1 })
  return frames
}

/** The innermost contract line of a stack. */
export function lineOf(stack: string): number | undefined {
  return framesOf(stack)[0]?.line
}
