import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { loadEngine, type Engine } from './engine/engine.ts'
import { GAS_SCHEDULE_V1, type GasSchedule } from './gas/schedule.ts'
import { instrument, type InstrumentError } from './instrument/instrument.ts'
import { DEFAULT_LIMITS, type VmLimits } from './limits.ts'
import { createSlot, disposeSlot, type SandboxConfig, type Slot, type SlotHost } from './slot/Slot.ts'
import { PRELUDE_HASH } from './slot/prelude.ts'
import { createSlotHost } from './execute/slotHost.ts'

export interface VmOptions {
  readonly schedule?: GasSchedule
  readonly limits?: Partial<VmLimits>
  /**
   * How many contract instances stay loaded (least recently used is reloaded on demand).
   * At least maxCallDepth + 1, so a call chain of distinct contracts always finds a slot.
   */
  readonly instances?: number
  /** Replace idle instances whose memory grew past this many bytes (see `maintainVm`). */
  readonly instanceMemoryBytes?: number
  /** How many instrumented codes to keep (by code hash). */
  readonly codeCacheSize?: number
  /**
   * Benchmarks only, never on a chain: skip instrumentation, so contract code runs without
   * charges at function entries and loops (host calls and builtins still charge). Lets a
   * benchmark measure the metering overhead in the same process.
   */
  readonly unmetered?: boolean
}

export type InstrumentedCode = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly error: InstrumentError }

/**
 * The VM: the compiled engine, a pool of contract instances and the instrumented-code cache.
 * It holds resources only; execution lives in free functions (`executeCall`, `executeDeploy`).
 */
export class Vm {
  readonly slots: Slot[] = []
  readonly codes = new Map<string, InstrumentedCode>()
  /** Monotonic use counter for LRU choice (not time: deterministic and cheap). */
  tick = 0
  stats = { loads: 0, hits: 0, faults: 0 }
  constructor(
    readonly engine: Engine,
    readonly schedule: GasSchedule,
    readonly limits: VmLimits,
    readonly host: SlotHost,
    readonly sandboxConfig: SandboxConfig,
    readonly options: { readonly instances: number; readonly instanceMemoryBytes: number; readonly codeCacheSize: number; readonly unmetered: boolean },
  ) {}

  /** Identity of everything that decides execution results; genesis records it. */
  get version(): string {
    return `${this.engine.id}+prelude:${PRELUDE_HASH.slice(0, 18)}+gas:v${this.schedule.version}`
  }
}

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

/** `0x` + sha256 of the code's UTF-8 bytes: the identity of deployed code. */
export function codeHashOf(code: string): string {
  return '0x' + bytesToHex(sha256(new TextEncoder().encode(code)))
}

/** Instrument `code` once per code hash (deterministic, so caching changes nothing but time). */
export function instrumentedCode(vm: Vm, codeHash: string, code: string): InstrumentedCode {
  const cached = vm.codes.get(codeHash)
  if (cached) {
    vm.codes.delete(codeHash)
    vm.codes.set(codeHash, cached)
    return cached
  }
  const r = vm.options.unmetered ? { ok: true as const, code } : instrument(code, { ...vm.schedule, maxCodeChars: vm.limits.maxCodeChars })
  const entry: InstrumentedCode = r.ok ? { ok: true, code: r.code } : { ok: false, error: r.error }
  vm.codes.set(codeHash, entry)
  if (vm.codes.size > vm.options.codeCacheSize) vm.codes.delete(vm.codes.keys().next().value!)
  return entry
}
