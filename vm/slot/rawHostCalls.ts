import type { QuickJSContext } from 'quickjs-emscripten-core'
import { markWritten } from '../engine/snapshot.ts'

/**
 * A lean path for guest → host calls. quickjs-emscripten wraps every host call in handles,
 * scopes and a generator (for its async variant): about 4.5 µs a call, the largest host-side
 * cost of a token transfer. Our host functions take only strings and numbers (the prelude
 * checks types before calling) and return a string, a boolean or nothing, so they can read
 * arguments straight from engine memory.
 *
 * This reaches into quickjs-emscripten 0.32.0 internals (pinned exactly in package.json:
 * `cToHostCallbacks`, `ffi`, `module`, `runtime.hostRefs`); any host function not registered
 * here still goes through the library's own path. The whole VM test suite runs on this path.
 */
export type RawArg = 's' | 'n'
export type RawResult = string | boolean | undefined
export interface RawHostFunction {
  readonly args: readonly RawArg[]
  readonly impl: (...args: Array<string & number>) => RawResult
}

interface Internals {
  ffi: {
    QTS_ArgvGetJSValueConstPointer(argv: number, i: number): number
    QTS_GetString(ctx: number, value: number): number
    QTS_FreeCString(ctx: number, ptr: number): void
    QTS_GetFloat64(ctx: number, value: number): number
    QTS_NewString(ctx: number, ptr: number): number
    QTS_DupValuePointer(ctx: number, value: number): number
  }
  module: {
    UTF8ToString(ptr: number): string
    lengthBytesUTF8(s: string): number
    stringToUTF8(s: string, ptr: number, max: number): void
    _malloc(n: number): number
    _free(ptr: number): void
    HEAPU8: Uint8Array
  }
  cToHostCallbacks: { callFunction: (ctx: number, thisPtr: number, argc: number, argv: number, fnId: number) => number }
  runtime: { hostRefs: { get(id: number): unknown } }
  ctx: { value: number }
}

/** Engine-string helpers over the internals: read a JSValue string, make a new one. */
function marshal(internals: Internals) {
  const { ffi, module } = internals
  const ctxPtr = internals.ctx.value
  return {
    readString(p: number): string {
      const c = ffi.QTS_GetString(ctxPtr, p)
      const s = module.UTF8ToString(c)
      ffi.QTS_FreeCString(ctxPtr, c)
      return s
    },
    newString(s: string): number {
      const n = module.lengthBytesUTF8(s) + 1
      const p = module._malloc(n)
      module.stringToUTF8(s, p, n)
      // Written from here, not by the engine: its write tracking would not know.
      markWritten(module.HEAPU8, p, n)
      const v = ffi.QTS_NewString(ctxPtr, p)
      module._free(p)
      return v
    },
  }
}

/** Install `functions` on `target` (a guest object) with the lean call path. */
export function installRawHostFunctions(context: QuickJSContext, target: import('quickjs-emscripten-core').QuickJSHandle, functions: Record<string, RawHostFunction>): void {
  const internals = context as unknown as Internals
  const { ffi, module } = internals
  const ctxPtr = internals.ctx.value
  const truePtr = (context.true as unknown as { value: number }).value
  const falsePtr = (context.false as unknown as { value: number }).value
  const specs = new Map<unknown, RawHostFunction>()
  for (const [name, spec] of Object.entries(functions)) {
    const marker = () => {
      throw new Error(`host function ${name} called through the library path`)
    }
    specs.set(marker, spec)
    const fn = context.newFunction(name, marker)
    context.setProp(target, name, fn)
    fn.dispose()
  }
  const { readString, newString } = marshal(internals)
  const original = internals.cToHostCallbacks.callFunction
  internals.cToHostCallbacks.callFunction = (ctx, thisPtr, argc, argv, fnId) => {
    const spec = specs.get(internals.runtime.hostRefs.get(fnId))
    if (!spec) return original(ctx, thisPtr, argc, argv, fnId)
    const args: Array<string & number> = []
    for (let i = 0; i < spec.args.length; i++) {
      const p = ffi.QTS_ArgvGetJSValueConstPointer(argv, i)
      args.push((spec.args[i] === 'n' ? ffi.QTS_GetFloat64(ctxPtr, p) : readString(p)) as string & number)
    }
    const r = spec.impl(...args)
    if (r === undefined) return 0 // the engine reads 0 as undefined
    if (typeof r === 'string') return newString(r)
    return ffi.QTS_DupValuePointer(ctxPtr, r ? truePtr : falsePtr)
  }
}

interface CallInternals extends Internals {
  ffi: Internals['ffi'] & {
    QTS_NewFloat64(ctx: number, n: number): number
    QTS_Call(ctx: number, fn: number, thisVal: number, argc: number, argv: number): number
    QTS_ResolveException(ctx: number, value: number): number
    QTS_FreeValuePointer(ctx: number, value: number): void
  }
  module: Internals['module']
}

/** What a raw call returned: the string result, or an error value handle to describe. */
export type RawCallResult = { readonly value: string } | { readonly error: import('quickjs-emscripten-core').QuickJSHandle }

/**
 * Call a guest function taking (string, string, string, number) and returning a string: the
 * dispatch entry of every contract call, without the library's handle bookkeeping.
 */
export function callStringFunction(context: QuickJSContext, fn: import('quickjs-emscripten-core').QuickJSHandle, a: string, b: string, c: string, n: number): RawCallResult {
  const internals = context as unknown as CallInternals
  const { ffi, module } = internals
  const ctxPtr = internals.ctx.value
  const { readString, newString } = marshal(internals)
  const args = [newString(a), newString(b), newString(c), ffi.QTS_NewFloat64(ctxPtr, n)]
  const argv = module._malloc(16)
  // Read the heap view each time: memory may have grown (and the view been replaced) meanwhile.
  const heap = new Int32Array(module.HEAPU8.buffer, argv, 4)
  for (let i = 0; i < 4; i++) heap[i] = args[i]!
  markWritten(module.HEAPU8, argv, 16)
  const thisPtr = (context.undefined as unknown as { value: number }).value
  const result = ffi.QTS_Call(ctxPtr, (fn as unknown as { value: number }).value, thisPtr, 4, argv)
  module._free(argv)
  for (const p of args) ffi.QTS_FreeValuePointer(ctxPtr, p)
  const errorPtr = ffi.QTS_ResolveException(ctxPtr, result)
  if (errorPtr) {
    ffi.QTS_FreeValuePointer(ctxPtr, result)
    const handle = (context as unknown as { memory: { heapValueHandle(p: number): import('quickjs-emscripten-core').QuickJSHandle } }).memory.heapValueHandle(errorPtr)
    return { error: handle }
  }
  const value = readString(result)
  ffi.QTS_FreeValuePointer(ctxPtr, result)
  return { value }
}
