/**
 * Resource limits of the sandbox. All but `backstopMs` are consensus parameters: they decide
 * whether a call fails, so every node must use the same values (genesis records them).
 */
export interface VmLimits {
  /** Linear memory cap per instance (a WebAssembly.Memory maximum: a real, catchable cap). */
  readonly memoryBytes: number
  /** QuickJS stack limit; 256 KiB keeps V8's own stack out of reach (see research). */
  readonly stackBytes: number
  readonly maxCallDepth: number
  readonly maxKeyChars: number
  readonly maxValueChars: number
  readonly maxEventChars: number
  readonly maxReturnChars: number
  readonly maxArgsChars: number
  /** Failure reasons are cut to this length (they are stored in receipts). */
  readonly maxReasonChars: number
  readonly maxBigIntBits: number
  readonly maxCodeChars: number
  /** Gas available to a contract's top-level code when it loads (charged to the deployer). */
  readonly setupGas: number
  /** Wall-clock backstop per transaction. Not consensus: a call that hits it is a VM bug. */
  readonly backstopMs: number
}

export const DEFAULT_LIMITS: VmLimits = Object.freeze({
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 256 * 1024,
  maxCallDepth: 16,
  maxKeyChars: 1024,
  maxValueChars: 64 * 1024,
  maxEventChars: 16 * 1024,
  maxReturnChars: 64 * 1024,
  maxArgsChars: 64 * 1024,
  maxReasonChars: 1024,
  maxBigIntBits: 4096,
  maxCodeChars: 1024 * 1024,
  setupGas: 20_000_000,
  backstopMs: 5_000,
})
