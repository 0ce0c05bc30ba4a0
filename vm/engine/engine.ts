/// <reference path="./webassembly.d.ts" />
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import releaseSync from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSContext, type QuickJSRuntime, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import { BLOCK_BYTES, RESTORE_EXPORT, trackWrites } from './trackWrites.ts'

/**
 * The pinned engine: bellard QuickJS from `@jitl/quickjs-wasmfile-release-sync` 0.32.0. The
 * build is a consensus parameter (gas, memory and stack limits depend on it); genesis records
 * ENGINE_ID and a node refuses a chain that names another.
 */
export const ENGINE_ID = 'quickjs-bellard-2025-09-13/wasmfile-release-sync@0.32.0+trackWrites/1'

/**
 * Memory layout of this build (read from its wasm: global 0, the stack pointer, starts at
 * 5,333,088 and the stack is 5 MiB): [static data + bss | stack, growing down | heap].
 * A snapshot copies the static region and the live heap; the stack below the resting stack
 * pointer holds only dead frames between calls.
 */
export const STACK_POINTER_INIT = 5_333_088
export const STACK_SIZE = 5 * 1024 * 1024
export const STATIC_END = STACK_POINTER_INIT - STACK_SIZE
/**
 * The written-blocks map (trackWrites.ts): one byte per BLOCK_BYTES of memory, at the bottom of
 * the stack's region, followed by the snapshot copy the engine restores from. The stack grows
 * down from STACK_POINTER_INIT and QuickJS stops a call at `stackBytes` of it (256 KiB), so both
 * lie megabytes below anything the stack reaches; checkMapFits and residentAt keep it so.
 */
export const WRITE_MAP_BASE = STATIC_END
const WASM_PAGE = 65_536

/** A compiled engine module, shared by every instance in the process. */
export interface Engine {
  readonly id: string
  readonly wasmModule: WebAssembly.Module
}

let enginePromise: Promise<Engine> | undefined

/** Compile the engine's wasm once per process. */
export function loadEngine(): Promise<Engine> {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url)
    const bytes = new Uint8Array(readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')))
    checkLayout(bytes)
    const wasmModule = await WebAssembly.compile(trackWrites(bytes, { map: WRITE_MAP_BASE, staticEnd: STATIC_END, heapStart: STACK_POINTER_INIT }))
    return { id: ENGINE_ID, wasmModule }
  })()
  return enginePromise
}

/** Refuse to run on a build whose memory layout differs from the one snapshots assume. */
function checkLayout(bytes: Uint8Array): void {
  const init = readStackPointerInit(bytes)
  if (init !== STACK_POINTER_INIT) {
    throw new Error(`engine build mismatch: stack pointer starts at ${init}, expected ${STACK_POINTER_INIT}; the VM's snapshot layout must be re-derived for this build`)
  }
}

function readStackPointerInit(b: Uint8Array): number {
  let p = 8
  const leb = (): number => {
    let r = 0, s = 0, x: number
    do { x = b[p++]!; r |= (x & 0x7f) << s; s += 7 } while (x & 0x80)
    return r >>> 0
  }
  const sleb = (): number => {
    let r = 0, s = 0, x: number
    do { x = b[p++]!; r |= (x & 0x7f) << s; s += 7 } while (x & 0x80)
    if (s < 32 && x & 0x40) r |= ~0 << s
    return r
  }
  while (p < b.length) {
    const id = b[p++]!
    const size = leb()
    const end = p + size
    if (id === 6) {
      leb() // count
      p += 2 // type, mutability of global 0
      if (b[p++] !== 0x41) return -1 // i32.const
      return sleb()
    }
    p = end
  }
  return -1
}

/** One engine instance: its own linear memory, runtime and context. */
export interface EngineInstance {
  readonly module: QuickJSWASMModule
  readonly runtime: QuickJSRuntime
  readonly context: QuickJSContext
  readonly memory: WebAssembly.Memory
  /**
   * `unknownWrites` is set when something wrote to memory out of the write map's sight: an
   * engine import that writes from JavaScript (time zone, environment, output), or the host
   * using the library's own API on the instance. The next restore is then a full one (snapshot.ts).
   */
  readonly watch: { unknownWrites: boolean }
  /** The added `tsvm_restore` (trackWrites.ts): copies the marked blocks back from a snapshot in memory. */
  readonly restoreMarked: (staticSource: number, heapEnd: number, heapSource: number, mapBytes: number) => void
  /** Bytes of memory this instance may grow to (its map covers them). */
  readonly memoryBytes: number
  /** Largest stack the engine lets a call use. */
  readonly stackBytes: number
}

/** Options fixed per instance; all are consensus-relevant except none. */
export interface EngineInstanceOptions {
  /** Hard cap of the instance's linear memory, in bytes (multiple of 64 KiB, ≥ 16 MiB). */
  readonly memoryBytes: number
  /** QuickJS stack limit in bytes. */
  readonly stackBytes: number
}

/** Instantiate the engine with a capped memory. */
export async function createEngineInstance(engine: Engine, options: EngineInstanceOptions): Promise<EngineInstance> {
  checkMapFits(options)
  const memory = new WebAssembly.Memory({ initial: 256, maximum: Math.max(256, Math.floor(options.memoryBytes / WASM_PAGE)) })
  const watch = { unknownWrites: true }
  let exports: Record<string, unknown> | undefined
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(releaseSync as unknown as QuickJSSyncVariant, {
      wasmMemory: memory,
      emscriptenModule: {
        instantiateWasm(imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void) {
          const instance = new WebAssembly.Instance(engine.wasmModule, watchImports(imports, watch))
          exports = instance.exports
          onSuccess(instance)
          return instance.exports
        },
      } as never,
    }),
  )
  const runtime = module.newRuntime()
  runtime.setMaxStackSize(options.stackBytes)
  const context = runtime.newContext()
  const restoreMarked = exports![RESTORE_EXPORT] as EngineInstance['restoreMarked']
  return { module, runtime, context, memory, watch, restoreMarked, memoryBytes: options.memoryBytes, stackBytes: options.stackBytes }
}

/**
 * The engine's imports, each function but two wrapped to flag unknown writes: every import that
 * writes to memory does so from JavaScript, out of the write map's sight. Not wrapped: the host
 * call (HOST_CALL_IMPORT: our host functions mark what they write, rawHostCalls.ts) and the
 * interrupt poll (INTERRUPT_IMPORT: writes nothing, and is called often).
 */
function watchImports(imports: WebAssembly.Imports, watch: { unknownWrites: boolean }): WebAssembly.Imports {
  const out: WebAssembly.Imports = {}
  for (const [mod, fields] of Object.entries(imports)) {
    const wrapped: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value !== 'function' || (mod === 'a' && (name === HOST_CALL_IMPORT || name === INTERRUPT_IMPORT))) wrapped[name] = value
      else {
        const f = value as (...args: unknown[]) => unknown
        wrapped[name] = (...args: unknown[]) => {
          watch.unknownWrites = true
          return f(...args)
        }
      }
    }
    out[mod] = wrapped as WebAssembly.Imports[string]
  }
  return out
}

/** This build's import names (minified by emscripten) of the host call and the interrupt poll. */
const HOST_CALL_IMPORT = 's'
const INTERRUPT_IMPORT = 'i'

/** Bytes of the write map of an instance that may grow to `memoryBytes`. */
export function writeMapBytes(memoryBytes: number): number {
  return Math.ceil(memoryBytes / BLOCK_BYTES)
}

/**
 * The lowest address the stack may reach, with a margin of as much again: the map and any
 * snapshot copy must end below it (see WRITE_MAP_BASE).
 */
export function stackFloor(stackBytes: number): number {
  return STACK_POINTER_INIT - 2 * stackBytes
}

/** The write map must stay far below the deepest the stack can go (see WRITE_MAP_BASE). */
function checkMapFits(options: EngineInstanceOptions): void {
  if (WRITE_MAP_BASE + writeMapBytes(options.memoryBytes) > stackFloor(options.stackBytes)) {
    throw new Error(`engine limits too large for the write map: ${options.memoryBytes} bytes of memory and ${options.stackBytes} of stack`)
  }
}
