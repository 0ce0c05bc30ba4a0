import { loadEngine } from './engine/engine.ts'
import { createSlotHost } from './execute/slotHost.ts'
import { GAS_SCHEDULE_V1 } from './gas/schedule.ts'
import { DEFAULT_LIMITS, type VmLimits } from './limits.ts'
import { createSlot, disposeSlot, type SandboxConfig } from './slot/Slot.ts'
import { Vm, type VmOptions } from './Vm.ts'

/**
 * Create a VM with its instance pool ready.
 * @example const vm = await createVm(); const out = executeCall(vm, state, block, request)
 */
export async function createVm(options: VmOptions = {}): Promise<Vm> {
  const engine = await loadEngine()
  const schedule = options.schedule ?? GAS_SCHEDULE_V1
  const limits: VmLimits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits })
  const instances = Math.max(options.instances ?? 24, limits.maxCallDepth + 1)
  const sandboxConfig: SandboxConfig = {
    schedule: { ...schedule, builtinUnitsPerGas: 4 },
    limits: {
      maxKeyChars: limits.maxKeyChars,
      maxValueChars: limits.maxValueChars,
      maxEventChars: limits.maxEventChars,
      maxReturnChars: limits.maxReturnChars,
      maxArgsChars: limits.maxArgsChars,
      maxReasonChars: limits.maxReasonChars,
      maxBigIntBits: limits.maxBigIntBits,
    },
    setupGas: limits.setupGas,
  }
  const vm = new Vm(engine, schedule, limits, createSlotHost(), sandboxConfig, {
    instances,
    instanceMemoryBytes: options.instanceMemoryBytes ?? 32 * 1024 * 1024,
    codeCacheSize: options.codeCacheSize ?? 256,
    unmetered: options.unmetered === true,
  })
  await maintainVm(vm)
  return vm
}

/** Whether {@link maintainVm} has anything to do (a synchronous check, for the hot path). */
export function vmNeedsMaintenance(vm: Vm): boolean {
  if (vm.slots.length < vm.options.instances) return true
  // A slot's memory only grows while it runs, so only slots used since the last clean check
  // need their size read (~0.2 µs each: reading 24 of them on every block was ~1% of a block).
  let idle = true
  for (const s of vm.slots) {
    if (s.active > 0) {
      idle = false
      continue
    }
    if (s.broken) return true
    if (s.lastUsed > vm.checkedTick && s.memoryBytes > vm.options.instanceMemoryBytes) return true
  }
  if (idle) vm.checkedTick = vm.tick
  return false
}

/**
 * Top the pool up to its size, replacing broken instances and idle ones whose memory grew
 * past the bound (a WebAssembly.Memory never shrinks). Call between blocks; execution itself
 * is synchronous and never waits for this.
 */
export async function maintainVm(vm: Vm): Promise<void> {
  for (let i = vm.slots.length - 1; i >= 0; i--) {
    const s = vm.slots[i]!
    if (s.active === 0 && (s.broken || s.memoryBytes > vm.options.instanceMemoryBytes)) {
      disposeSlot(s)
      vm.slots.splice(i, 1)
    }
  }
  while (vm.slots.length < vm.options.instances) {
    const engineOptions = { memoryBytes: vm.limits.memoryBytes, stackBytes: vm.limits.stackBytes }
    vm.slots.push(await createSlot(vm.engine, engineOptions, vm.host, vm.sandboxConfig, vm.slots.length))
  }
}

/** Free every instance. */
export function disposeVm(vm: Vm): void {
  for (const s of vm.slots) disposeSlot(s)
  vm.slots.length = 0
  vm.codes.clear()
}

