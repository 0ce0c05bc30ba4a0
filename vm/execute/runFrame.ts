import { VM_ERRORS, isVmErrorCode, type VmErrorCode } from '../errors.ts'
import { invokeSlot, resetSlot } from '../slot/Slot.ts'
import { acquireSlot, lineOf } from './acquireSlot.ts'
import type { Execution, Frame } from './Execution.ts'

export interface FrameRequest {
  readonly from: string
  readonly to: string
  readonly method: string
  readonly args: string
  readonly value: bigint
  readonly gasLimit: number
  readonly readonly: boolean
  readonly depth: number
  /** Only the deploy may run the constructor. */
  readonly allowInit?: boolean
  /** Code of a contract being deployed (not yet in state). */
  readonly code?: string
}

export interface FrameResult {
  readonly gasUsed: number
  /** Undefined on success. */
  readonly code?: VmErrorCode
  readonly reason?: string
  readonly returnValue?: string
  /** ABI type of the return value, for a contract caller to decode it. */
  readonly returns?: unknown
  readonly contract?: string
  readonly stack?: string
  readonly line?: number
}

function fail(code: VmErrorCode, reason: string, gasUsed = 0, extra: Partial<FrameResult> = {}): FrameResult {
  return { gasUsed, code, reason, ...extra }
}

/**
 * Run one call frame: checks, value transfer, the method in its instance, then commit or roll
 * back this frame's writes and events. Pure in everything that matters: the result depends on
 * the execution's journal and the request only.
 */
export function runFrame(exec: Execution, req: FrameRequest): FrameResult {
  const { vm, journal } = exec
  if (req.depth > vm.limits.maxCallDepth) return fail('CALL_DEPTH_EXCEEDED', `call depth over ${vm.limits.maxCallDepth}`)
  const codeHash = exec.pending.get(req.to) ?? journal.state.getCodeHash(req.to)
  if (codeHash === undefined) return fail('NO_CONTRACT', `no contract at ${req.to}`)
  const reentry = exec.stack.some((f) => f.address === req.to)
  const acquired = acquireSlot(exec, req.to, codeHash, req.code)
  if (!acquired.ok) {
    const gas = acquired.code === 'OUT_OF_GAS' || acquired.code === 'TIMEOUT' || acquired.code === 'VM_FAULT' ? req.gasLimit : 0
    return fail(acquired.code, acquired.reason, gas, { contract: req.to, ...(acquired.line ? { line: acquired.line } : {}) })
  }
  const slot = acquired.slot
  const meta = slot.loaded!.methods.get(req.method)
  if (meta === undefined) return fail('NO_SUCH_METHOD', `no method ${req.method} on ${req.to}`)
  if (meta.kind === 'init' && !req.allowInit) return fail('INIT_NOT_CALLABLE', `${req.method} is the constructor`)
  if (reentry && !meta.reentrant) return fail('REENTRANCY', `${req.to} is already executing; ${req.method} does not allow re-entry`)
  if (req.value > 0n && !meta.payable) return fail('NOT_PAYABLE', `${req.method} does not accept value`)
  const readonly = req.readonly || meta.kind === 'view'
  const checkpoint = journal.checkpoint()
  if (req.value > 0n) {
    if (readonly) return fail('STATIC_CALL_VIOLATION', 'value sent in a read-only call')
    const have = journal.getBalance(req.from)
    if (have < req.value) return fail('INSUFFICIENT_BALANCE', `${req.from} has ${have}, needs ${req.value}`)
    journal.setBalance(req.from, have - req.value)
    journal.setBalance(req.to, journal.getBalance(req.to) + req.value)
  }

  const frame: Frame = { kind: 'call', exec, slot, address: req.to, readonly, depth: req.depth, gasLimit: req.gasLimit, pollGas: 0, outOfGas: false }
  // The sandbox's context format (see prelude.js): fields joined by '|' (none can contain it).
  const ctxText = `${req.from}|${exec.origin}|${req.to}|${req.value}|${exec.block.height}|${exec.block.time}|${exec.txHash}|${readonly ? 1 : 0}|${req.depth}`
  if (slot.active === 0) resetSlot(slot)
  const previous = slot.frame
  slot.active++
  slot.frame = frame
  exec.stack.push(frame)
  let r
  try {
    r = invokeSlot(slot, req.method, req.args, ctxText, req.gasLimit)
  } catch (e) {
    // The engine threw into the host: this instance can no longer be trusted.
    slot.broken = true
    vm.stats.faults++
    exec.faulted = true
    r = { escaped: true as const, name: 'VM_FAULT', message: (e as Error)?.message ?? String(e), stack: '' }
  } finally {
    exec.stack.pop()
    slot.frame = previous
    slot.active--
    slot.lastUsed = ++vm.tick
  }

  let result: FrameResult
  if (frame.outOfGas || (!r.escaped && r.gasLeft < 0)) {
    result = fail('OUT_OF_GAS', 'out of gas', req.gasLimit)
  } else if (exec.timedOut) {
    result = fail('TIMEOUT', `stopped by the ${vm.limits.backstopMs} ms wall-clock backstop`, req.gasLimit)
  } else if (r.escaped) {
    const code: VmErrorCode =
      r.name === 'VM_FAULT' ? 'VM_FAULT'
      : r.message === 'out of memory' ? 'OUT_OF_MEMORY'
      : r.message === 'stack overflow' ? 'STACK_OVERFLOW'
      : 'EXCEPTION'
    result = fail(code, `${r.name}: ${r.message}`, req.gasLimit, { stack: r.stack })
  } else {
    const used = req.gasLimit - r.gasLeft + frame.pollGas
    if (used > req.gasLimit) result = fail('OUT_OF_GAS', 'out of gas', req.gasLimit)
    else if (r.code === 'OK') result = { gasUsed: used, returnValue: r.payload, returns: meta.returns }
    else {
      const code: VmErrorCode = isVmErrorCode(r.code) ? r.code : 'EXCEPTION'
      const gas = VM_ERRORS[code].charge === 'all' && !r.bubbled ? req.gasLimit : used
      result = fail(code, r.payload, gas, { stack: r.stack })
    }
  }
  if (result.code !== undefined) {
    journal.revert(checkpoint)
    const line = result.line ?? (result.stack ? lineOf(result.stack) : undefined)
    result = { ...result, contract: result.contract ?? req.to, ...(line === undefined ? {} : { line }) }
  }
  return result
}
