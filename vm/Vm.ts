import type { Engine } from './engine/engine.ts'
import type { GasSchedule } from './gas/schedule.ts'
import type { InstrumentError } from './instrument/instrument.ts'
import type { VmLimits } from './limits.ts'
import type { SandboxConfig, Slot, SlotHost } from './slot/Slot.ts'
import { PRELUDE_HASH } from './slot/prelude.ts'

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
  /** Every idle slot last used at or before this tick was within bounds when last checked. */
  checkedTick = -1
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

