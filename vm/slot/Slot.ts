import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'
import { createEngineInstance, type Engine, type EngineInstance, type EngineInstanceOptions } from '../engine/engine.ts'
import { restoreSnapshot, restoreWritten, takeSnapshot, type MemorySnapshot } from '../engine/snapshot.ts'
import { CONTRACT_FILE, PRELUDE, wrapContract } from './prelude.ts'
import { callStringFunction, installRawHostFunctions } from './rawHostCalls.ts'

/**
 * What a slot's host functions delegate to: the executor, which knows the current frame.
 * Every method gets plain strings and numbers and returns them; '' means success for writes.
 */
export interface SlotHost {
  get(slot: Slot, key: string): string | undefined
  set(slot: Slot, key: string, value: string): string
  del(slot: Slot, key: string): string
  has(slot: Slot, key: string): boolean
  emit(slot: Slot, name: string, data: string): string
  balance(slot: Slot, address: string): string
  transfer(slot: Slot, to: string, amount: string): string
  call(slot: Slot, address: string, method: string, args: string, gas: number, value: string): string
  oog(slot: Slot): void
  /** Called by the engine's interrupt poll; true stops the guest with an uncatchable error. */
  interrupt(slot: Slot): boolean
}

/** A contract method as the sandbox reported it after loading. */
export interface MethodMeta {
  readonly name: string
  readonly kind: 'view' | 'call' | 'init'
  readonly payable: boolean
  readonly reentrant: boolean
  /** ABI type of the return value, handed to contract callers to decode it. */
  readonly returns: unknown
}

export interface LoadedContract {
  readonly codeHash: string
  readonly dispatch: QuickJSHandle
  readonly methods: ReadonlyMap<string, MethodMeta>
  readonly setupGasUsed: number
  readonly snapshot: MemorySnapshot
}

/**
 * A reusable engine instance that holds at most one loaded contract. Creating an instance is
 * asynchronous (the engine's loader awaits), but a cross-contract call must load its callee
 * synchronously; so the VM keeps a pool of slots and loads contracts into them by restoring
 * the slot's blank snapshot and evaluating the contract, which is synchronous.
 */
export class Slot {
  loaded: LoadedContract | undefined
  /** Frames currently executing in this slot (more than 1 only under permitted re-entry). */
  active = 0
  lastUsed = 0
  /** The executor's current frame for this slot. */
  frame: unknown
  broken = false
  constructor(
    readonly id: number,
    readonly instance: EngineInstance,
    /** The prelude's setup function: takes a contract's module function, returns its dispatch. */
    readonly setup: QuickJSHandle,
    readonly blank: MemorySnapshot,
  ) {}

  /** Bytes of linear memory this slot holds (it never shrinks). */
  get memoryBytes(): number {
    return this.instance.memory.buffer.byteLength
  }
}

/** Configuration the prelude receives: the gas schedule and the limits it enforces in-sandbox. */
export interface SandboxConfig {
  readonly schedule: unknown
  readonly limits: unknown
  readonly setupGas: number
}

/** Create a slot: an engine instance with host functions installed, snapshotted blank. */
export async function createSlot(
  engine: Engine,
  options: EngineInstanceOptions,
  host: SlotHost,
  config: SandboxConfig,
  id: number,
): Promise<Slot> {
  const instance = await createEngineInstance(engine, options)
  const { context: ctx, runtime } = instance
  const hostObject = ctx.newObject()
  let slot!: Slot
  installRawHostFunctions(ctx, hostObject, {
    get: { args: ['s'], impl: (k) => host.get(slot, k) },
    set: { args: ['s', 's'], impl: (k, v) => host.set(slot, k, v) },
    del: { args: ['s'], impl: (k) => host.del(slot, k) },
    has: { args: ['s'], impl: (k) => host.has(slot, k) },
    emit: { args: ['s', 's'], impl: (n, d) => host.emit(slot, n, d) },
    balance: { args: ['s'], impl: (a) => host.balance(slot, a) },
    transfer: { args: ['s', 's'], impl: (t, a) => host.transfer(slot, t, a) },
    call: { args: ['s', 's', 's', 'n', 's'], impl: (a, m, args, g, v) => host.call(slot, a, m, args, g, v) },
    oog: { args: [], impl: () => void host.oog(slot) },
  })
  // Not unwrapResult: its error carries the whole context, which floods any log it reaches.
  const must = (r: { error?: QuickJSHandle; value?: QuickJSHandle }, what: string): QuickJSHandle => {
    if (!r.error) return r.value!
    const d = describe(instance, r.error)
    r.error.dispose()
    throw new Error(`sandbox setup failed in ${what}: ${d.name}: ${d.message}\n${d.stack}`)
  }
  const configHandle = must(ctx.evalCode(`(${JSON.stringify(config)})`), 'config')
  const init = must(ctx.evalCode(PRELUDE, 'prelude.js'), 'prelude')
  const setup = must(ctx.callFunction(init, ctx.undefined, hostObject, configHandle), 'prelude init')
  init.dispose()
  configHandle.dispose()
  hostObject.dispose()
  runtime.setInterruptHandler(() => host.interrupt(slot))
  // Touch lazily created handles now, so none is born after the blank snapshot.
  void ctx.global
  const blank = takeSnapshot(instance)
  slot = new Slot(id, instance, setup, blank)
  return slot
}

export type LoadResult =
  | { readonly ok: true; readonly contract: LoadedContract }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly stack: string }

/** Load instrumented contract code into `slot` (synchronously), replacing what it held. */
export function loadContract(slot: Slot, codeHash: string, instrumented: string): LoadResult {
  const { context: ctx } = slot.instance
  unloadContract(slot)
  restoreWritten(slot.instance, slot.blank)
  const evaluated = ctx.evalCode(wrapContract(instrumented), CONTRACT_FILE)
  if (evaluated.error) {
    const failure = describe(slot.instance, evaluated.error)
    evaluated.error.dispose()
    restoreSnapshot(slot.instance, slot.blank)
    return failure
  }
  const moduleFn = evaluated.value
  const setup = ctx.callFunction(slot.setup, ctx.undefined, moduleFn)
  moduleFn.dispose()
  if (setup.error) {
    const failure = describe(slot.instance, setup.error)
    setup.error.dispose()
    restoreSnapshot(slot.instance, slot.blank)
    return failure
  }
  const result = setup.value
  const dispatch = ctx.getProp(result, 'dispatch')
  const metaHandle = ctx.getProp(result, 'meta')
  const meta = JSON.parse(ctx.getString(metaHandle)) as { methods: MethodMeta[]; setupGasUsed: number }
  metaHandle.dispose()
  result.dispose()
  const methods = new Map(meta.methods.map((m) => [m.name, m]))
  const snapshot = takeSnapshot(slot.instance, { resident: true })
  const contract: LoadedContract = { codeHash, dispatch, methods, setupGasUsed: meta.setupGasUsed, snapshot }
  slot.loaded = contract
  return { ok: true, contract }
}

/** Drop the slot's contract (its handles are freed before any restore). */
export function unloadContract(slot: Slot): void {
  if (slot.loaded) {
    slot.loaded.dispatch.dispose()
    slot.loaded = undefined
  }
}

function describe(instance: EngineInstance, error: QuickJSHandle): { ok: false; name: string; message: string; stack: string } {
  const ctx = instance.context
  // The library's property reads copy the names into engine memory from JavaScript.
  instance.watch.unknownWrites = true
  const read = (prop: string): string => {
    const h = ctx.getProp(error, prop)
    try {
      return ctx.typeof(h) === 'string' ? ctx.getString(h) : ''
    } finally {
      h.dispose()
    }
  }
  if (ctx.typeof(error) !== 'object') return { ok: false, name: 'Error', message: String(ctx.dump(error)), stack: '' }
  return { ok: false, name: read('name'), message: read('message'), stack: read('stack') }
}

/** What dispatch reported, or how the guest escaped it. */
export type InvokeResult =
  | { readonly escaped: false; readonly gasLeft: number; readonly code: string; readonly payload: string; readonly stack: string; readonly bubbled: boolean }
  | { readonly escaped: true; readonly name: string; readonly message: string; readonly stack: string }

/**
 * Run one method in `slot`. The caller restores the contract snapshot first when the slot is
 * idle (not when re-entering); handles made here are all freed before returning.
 */
export function invokeSlot(slot: Slot, method: string, args: string, ctxText: string, gas: number): InvokeResult {
  const { context: ctx } = slot.instance
  const r = callStringFunction(ctx, slot.loaded!.dispatch, method, args, ctxText, gas)
  if ('error' in r) {
    const d = describe(slot.instance, r.error)
    r.error.dispose()
    return { escaped: true, name: d.name, message: d.message, stack: d.stack }
  }
  const [gasLeft, code, payload, stack, bubbled] = JSON.parse(r.value) as [number, string, string, string, boolean]
  return { escaped: false, gasLeft, code, payload, stack, bubbled }
}

/** Put the slot's contract back to its state right after loading (copying back what the last call wrote). */
export function resetSlot(slot: Slot): void {
  restoreWritten(slot.instance, slot.loaded!.snapshot)
}

/** Free everything a slot holds. Skip for a broken slot: its runtime may abort on dispose. */
export function disposeSlot(slot: Slot): void {
  if (slot.broken) return
  unloadContract(slot)
  slot.setup.dispose()
  slot.instance.context.dispose()
  slot.instance.runtime.dispose()
}
