/// <reference path="./webassembly.d.ts" />
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import releaseSync from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSContext, type QuickJSRuntime, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'

/**
 * The pinned engine: bellard QuickJS from `@jitl/quickjs-wasmfile-release-sync` 0.32.0. The
 * build is a consensus parameter (gas, memory and stack limits depend on it); genesis records
 * ENGINE_ID and a node refuses a chain that names another.
 */
export const ENGINE_ID = 'quickjs-bellard-2025-09-13/wasmfile-release-sync@0.32.0'

/**
 * Memory layout of this build (read from its wasm: global 0, the stack pointer, starts at
 * 5,333,088 and the stack is 5 MiB): [static data + bss | stack, growing down | heap].
 * A snapshot copies the static region and the live heap; the stack below the resting stack
 * pointer holds only dead frames between calls.
 */
export const STACK_POINTER_INIT = 5_333_088
export const STACK_SIZE = 5 * 1024 * 1024
export const STATIC_END = STACK_POINTER_INIT - STACK_SIZE
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
    const bytes = readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'))
    const wasmModule = await WebAssembly.compile(bytes)
    checkLayout(wasmModule, bytes)
    return { id: ENGINE_ID, wasmModule }
  })()
  return enginePromise
}

/** Refuse to run on a build whose memory layout differs from the one snapshots assume. */
function checkLayout(_module: WebAssembly.Module, bytes: Uint8Array): void {
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
  const memory = new WebAssembly.Memory({ initial: 256, maximum: Math.max(256, Math.floor(options.memoryBytes / WASM_PAGE)) })
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(releaseSync as unknown as QuickJSSyncVariant, {
      wasmMemory: memory,
      emscriptenModule: {
        instantiateWasm(imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void) {
          const instance = new WebAssembly.Instance(engine.wasmModule, imports)
          onSuccess(instance)
          return instance.exports
        },
      } as never,
    }),
  )
  const runtime = module.newRuntime()
  runtime.setMaxStackSize(options.stackBytes)
  const context = runtime.newContext()
  return { module, runtime, context, memory }
}
