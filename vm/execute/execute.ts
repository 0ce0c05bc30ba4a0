import { codeHashOf } from '../code/codeHashOf.ts'
import type { Vm } from '../Vm.ts'
import type { BlockInfo, CallOutcome, CallRequest, ChainState, DeployOutcome, DeployRequest } from '../types.ts'
import type { Execution } from './Execution.ts'
import { Journal } from './Journal.ts'
import { acquireSlot, framesOf } from './acquireSlot.ts'
import { runFrame, type FrameResult } from './runFrame.ts'

function newExecution(vm: Vm, state: ChainState, block: BlockInfo, txHash: string, origin: string): Execution {
  return {
    vm,
    journal: new Journal(state),
    block,
    txHash,
    origin,
    deadline: performance.now() + vm.limits.backstopMs,
    pending: new Map(),
    stack: [],
    timedOut: false,
    faulted: false,
  }
}

/**
 * The backstop and engine faults depend on the host (its speed, its memory), not on the inputs:
 * once either happened anywhere in the execution, its result is that code, even if a contract
 * caught the nested failure and went on. The node leaves such a transaction out of its block.
 */
function aborted(exec: Execution, r: FrameResult): FrameResult {
  if (exec.timedOut && r.code !== 'TIMEOUT') return { ...r, code: 'TIMEOUT', reason: `stopped by the ${exec.vm.limits.backstopMs} ms wall-clock backstop` }
  if (exec.faulted && !exec.timedOut && r.code !== 'VM_FAULT') return { ...r, code: 'VM_FAULT', reason: 'the engine failed inside the host during this call' }
  return r
}

function outcome(exec: Execution, result: FrameResult, gasUsed: number): CallOutcome {
  const r = aborted(exec, result)
  const ok = r.code === undefined
  const frames = r.stack ? framesOf(r.stack) : []
  const debug = ok
    ? undefined
    : { ...(r.contract ? { contract: r.contract } : {}), ...(r.stack ? { stack: r.stack } : {}), ...(r.line ? { line: r.line } : {}), ...(frames.length ? { frames } : {}) }
  return {
    status: ok ? 'success' : 'failure',
    ...(ok ? { returnValue: r.returnValue } : { code: r.code, reason: r.reason }),
    gasUsed,
    events: ok ? exec.journal.events.slice() : [],
    storageChanges: ok ? exec.journal.storageChanges() : [],
    balanceChanges: ok ? exec.journal.balanceChanges() : [],
    ...(debug ? { debug } : {}),
  }
}

/**
 * Execute a call of a contract method against `state`, returning what changed. Nothing is
 * written: the node applies `storageChanges` and `balanceChanges` on success.
 * @example executeCall(vm, state, { height: 1, time: 0 }, { from, to, method: 'transfer', args: '["0xab…","5"]', value: 0n, gasLimit: 1e6, txHash })
 */
export function executeCall(vm: Vm, state: ChainState, block: BlockInfo, req: CallRequest): CallOutcome {
  const exec = newExecution(vm, state, block, req.txHash, req.from)
  const r = runFrame(exec, { ...req, readonly: req.readonly === true, depth: 0 })
  return outcome(exec, r, r.gasUsed)
}

/**
 * Deploy a contract: charge for the code, validate and instrument it, run its top-level code
 * and its constructor. On success the node stores `code` under `codeHash` at `req.address`.
 */
export function executeDeploy(vm: Vm, state: ChainState, block: BlockInfo, req: DeployRequest): DeployOutcome {
  const codeHash = codeHashOf(req.code)
  const exec = newExecution(vm, state, block, req.txHash, req.from)
  const deployGas = vm.schedule.deployPerChar * req.code.length
  const failed = (r: FrameResult, gas: number): DeployOutcome => ({ ...outcome(exec, r, Math.min(req.gasLimit, gas)), codeHash })
  if (req.code.length > vm.limits.maxCodeChars) {
    return failed({ gasUsed: 0, code: 'INVALID_CODE', reason: `CODE_TOO_LARGE: code over ${vm.limits.maxCodeChars} characters` }, 0)
  }
  if (deployGas > req.gasLimit) return failed({ gasUsed: req.gasLimit, code: 'OUT_OF_GAS', reason: 'gas limit below the code deposit' }, req.gasLimit)
  if (state.getCodeHash(req.address) !== undefined) {
    return failed({ gasUsed: 0, code: 'INVALID_CODE', reason: `a contract already exists at ${req.address}` }, deployGas)
  }
  exec.pending.set(req.address, codeHash)
  const acquired = acquireSlot(exec, req.address, codeHash, req.code)
  if (!acquired.ok) {
    const gas = acquired.code === 'OUT_OF_GAS' || acquired.code === 'TIMEOUT' || acquired.code === 'VM_FAULT' ? req.gasLimit : deployGas
    return failed({ gasUsed: gas, code: acquired.code, reason: acquired.reason, contract: req.address, ...(acquired.line ? { line: acquired.line } : {}) }, gas)
  }
  const loaded = acquired.slot.loaded!
  let gasUsed = deployGas + loaded.setupGasUsed
  if (gasUsed > req.gasLimit) return failed({ gasUsed: req.gasLimit, code: 'OUT_OF_GAS', reason: 'out of gas in top-level code' }, req.gasLimit)
  const ctor = [...loaded.methods.values()].find((m) => m.kind === 'init')
  if (ctor) {
    const r = runFrame(exec, {
      from: req.from,
      to: req.address,
      method: ctor.name,
      args: req.args,
      value: req.value,
      gasLimit: req.gasLimit - gasUsed,
      readonly: false,
      depth: 0,
      allowInit: true,
      code: req.code,
    })
    gasUsed += r.gasUsed
    if (r.code !== undefined) return failed(r, gasUsed)
  } else if (req.value > 0n) {
    return failed({ gasUsed: 0, code: 'NOT_PAYABLE', reason: 'the contract has no payable constructor' }, gasUsed)
  } else if (req.args !== '[]' && req.args.trim() !== '[]') {
    return failed({ gasUsed: 0, code: 'INVALID_ARGUMENT', reason: 'the contract has no constructor to take arguments' }, gasUsed)
  }
  return { ...outcome(exec, { gasUsed }, gasUsed), codeHash }
}
