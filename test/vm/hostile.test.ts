import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type CallOutcome, type Vm } from '../../vm/index.ts'
import { TestChain, addr } from '../support/vmHarness.ts'

const HOSTILE = 'test/contracts/hostile/Hostile.ts'
const mallory = addr('mallory')
const GAS = 10_000_000

let vm: Vm
let chain: TestChain
let hostile: string

beforeAll(async () => {
  vm = await createVm()
  chain = new TestChain(vm)
  hostile = await chain.deploy(HOSTILE, mallory)
})
afterAll(() => disposeVm(vm))

/** After any hostile call: the same instance still answers and still writes. */
function expectHealthy(): void {
  expect(chain.view(hostile, 'ping').returnValue).toBe('"pong"')
  const before = Number(chain.view(hostile, 'bump').status === 'failure' ? 0 : 0)
  const out = chain.send(mallory, hostile, 'bump')
  expect(out.status).toBe('success')
  expect(Number(out.returnValue)).toBeGreaterThan(before)
  expect(vm.stats.faults).toBe(0)
}

function expectFailure(out: CallOutcome, code: string, gas: 'all' | 'some' = 'all'): void {
  expect(out.status).toBe('failure')
  expect(out.code).toBe(code)
  if (gas === 'all') expect(out.gasUsed).toBe(GAS)
  else expect(out.gasUsed).toBeGreaterThan(0)
  expect(out.storageChanges).toEqual([])
  expect(out.events).toEqual([])
}

describe('hostile contracts', () => {
  it('infinite loop: OUT_OF_GAS with all gas charged', () => {
    expectFailure(chain.send(mallory, hostile, 'infiniteLoop', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expectHealthy()
  })

  it('unbounded recursion: STACK_OVERFLOW', () => {
    expectFailure(chain.send(mallory, hostile, 'recurse', [], { gasLimit: GAS }), 'STACK_OVERFLOW')
    expectHealthy()
  })

  it('memory bomb: OUT_OF_MEMORY at the sandbox memory cap', () => {
    expectFailure(chain.send(mallory, hostile, 'memoryBomb', [], { gasLimit: 100_000_000 }), 'OUT_OF_MEMORY', 'some')
    expectHealthy()
  })

  it("'x'.repeat(2**28): charged by size, OUT_OF_GAS before allocating", () => {
    expectFailure(chain.send(mallory, hostile, 'repeatBomb', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expectHealthy()
  })

  it('catastrophic regex: backtracking is charged through the engine poll, OUT_OF_GAS', () => {
    expectFailure(chain.send(mallory, hostile, 'regexBomb', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expectHealthy()
  })

  it('out of gas swallowed by try/finally returning a value: still OUT_OF_GAS', () => {
    expectFailure(chain.send(mallory, hostile, 'swallowOutOfGas', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expectHealthy()
  })

  it('out of gas caught in an endless loop of try/catch: stopped, OUT_OF_GAS', () => {
    expectFailure(chain.send(mallory, hostile, 'catchOutOfGasForever', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expectHealthy()
  })

  it('storage write after catching out of gas: refused, nothing written', () => {
    expectFailure(chain.send(mallory, hostile, 'writeAfterOutOfGas', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expect(chain.getStorage(hostile, 'slot')).toBeUndefined()
    expectHealthy()
  })

  it('error with a looping getter thrown: OUT_OF_GAS, the host never loops', () => {
    expectFailure(chain.send(mallory, hostile, 'throwWithEvilGetter', [], { gasLimit: GAS }), 'OUT_OF_GAS')
    expectHealthy()
  })

  it('prototype pollution of shared intrinsics: every attempt refused, nothing leaks to the next call', () => {
    const out = chain.send(mallory, hostile, 'pollute')
    expect(out.status).toBe('success')
    expect(JSON.parse(out.returnValue!)).toBe('Object.prototype:refused,Array.prototype.push:refused,JSON.stringify:refused,globalThis:refused')
    expect(chain.read(hostile, 'pollutionVisible')).toBe(false)
    expect(chain.read(hostile, 'customError')).toBe('MyError')
    expectHealthy()
  })

  it('Function constructor, reached directly or through a prototype: EXCEPTION', () => {
    expectFailure(chain.send(mallory, hostile, 'useFunctionConstructor', [], { gasLimit: GAS }), 'EXCEPTION', 'some')
    expectFailure(chain.send(mallory, hostile, 'useFunctionViaPrototype', [], { gasLimit: GAS }), 'EXCEPTION', 'some')
    expectHealthy()
  })

  it('indirect eval: not present, EXCEPTION', () => {
    expectFailure(chain.send(mallory, hostile, 'useIndirectEval', [], { gasLimit: GAS }), 'EXCEPTION', 'some')
  })

  it('Date: now is the block time; local-time constructors and strings are UTC; free-form parsing is refused', () => {
    expect(chain.read(hostile, 'now')).toBe(chain.time)
    expect(chain.read(hostile, 'localDate')).toBe(Date.UTC(2020, 0, 1, 12))
    expect(chain.read(hostile, 'dateString')).toBe('Thu, 01 Jan 1970 00:00:00 GMT|0')
    expect(chain.read(hostile, 'parsedLocal')).toBe(null)
    // getYear/setYear (Annex B) are UTC too (the determinism test runs them under other time zones).
    expect(chain.read(hostile, 'annexBYear')).toEqual([125, Date.UTC(1999, 11, 31, 23, 30), Date.UTC(2000, 0, 1), 1])
  })

  it('Math.random: seeded from the transaction, the same on every run', () => {
    const a = chain.read(hostile, 'random') as number[]
    const b = chain.read(hostile, 'random') as number[]
    expect(a).toEqual(b)
    expect(a[0]).not.toBe(a[1])
    for (const x of a) expect(x >= 0 && x < 1).toBe(true)
  })

  it('oversized return value and storage write: LIMIT_EXCEEDED', () => {
    expect(chain.view(hostile, 'bigReturn').code).toBe('LIMIT_EXCEEDED')
    expectFailure(chain.send(mallory, hostile, 'bigWrite', [], { gasLimit: GAS }), 'LIMIT_EXCEEDED', 'some')
    expectHealthy()
  })

  it('BigInt beyond 4096 bits by ** or <<: refused before the engine computes it', () => {
    expectFailure(chain.send(mallory, hostile, 'bigPow', [], { gasLimit: GAS }), 'EXCEPTION', 'some')
    expectFailure(chain.send(mallory, hostile, 'bigShift', [], { gasLimit: GAS }), 'EXCEPTION', 'some')
  })

  it('lone surrogate in a storage value: EXCEPTION in the sandbox; in a reason: repaired so receipts stay encodable', () => {
    expectFailure(chain.send(mallory, hostile, 'loneSurrogateWrite', [], { gasLimit: GAS }), 'EXCEPTION', 'some')
    const out = chain.send(mallory, hostile, 'loneSurrogateRevert', [], { gasLimit: GAS })
    expect(out.code).toBe('EXCEPTION')
    expect(/[\ud800-\udfff]/u.test(out.reason!)).toBe(false)
    expectHealthy()
  })

  it('megabyte revert reason: cut to the reason limit, so receipts stay small', () => {
    const out = chain.send(mallory, hostile, 'hugeReason', [], { gasLimit: GAS })
    expect(out.code).toBe('EXCEPTION')
    expect(out.reason!.length).toBeLessThanOrEqual(vm.limits.maxReasonChars + 1)
  })

  it('uncaught TypeError: EXCEPTION with the bundle line', () => {
    const out = chain.send(mallory, hostile, 'throwTypeError', [], { gasLimit: GAS })
    expectFailure(out, 'EXCEPTION', 'some')
    expect(out.debug?.line).toBeGreaterThan(0)
  })
})

describe('hostile code at deploy', () => {
  const raw = (body: string) => `"use strict";\nmodule.exports.f = Object.defineProperty(function f() { ${body} }, '$kind', { value: 'call' });\n`

  it('with statement: INVALID_CODE', () => {
    const { outcome } = chain.deployCode(mallory, `var o = {};\nwith (o) { x = 1 }\n`)
    expect(outcome.code).toBe('INVALID_CODE')
    expect(outcome.debug?.line).toBe(2)
  })

  it('direct eval: INVALID_CODE', () => {
    expect(chain.deployCode(mallory, raw('return eval("1")')).outcome.code).toBe('INVALID_CODE')
  })

  it('naming the gas counter: INVALID_CODE', () => {
    expect(chain.deployCode(mallory, raw('__qg_gas = 1e18; for(;;){}')).outcome.code).toBe('INVALID_CODE')
  })

  it('syntax error: INVALID_CODE', () => {
    expect(chain.deployCode(mallory, 'function (').outcome.code).toBe('INVALID_CODE')
  })

  it('top-level code that loops forever: OUT_OF_GAS at deploy', () => {
    expect(chain.deployCode(mallory, 'for (;;) {}\n', [], { gasLimit: 30_000_000 }).outcome.code).toBe('OUT_OF_GAS')
    expectHealthy()
  })
})

describe('the wall-clock backstop (not a consensus outcome)', () => {
  let slowVm: Vm
  let slowChain: TestChain
  let target: string
  let caller: string
  // Far more gas than the backstop lets run: the backstop stops these calls, never the gas.
  const ENDLESS = 1e12

  beforeAll(async () => {
    // Not less: the deploys below run under it too, and on a busy machine have taken over 20 ms.
    slowVm = await createVm({ limits: { backstopMs: 250 } })
    slowChain = new TestChain(slowVm)
    target = await slowChain.deploy(HOSTILE, mallory)
    caller = await slowChain.deploy(HOSTILE, mallory)
  })
  afterAll(() => disposeVm(slowVm))

  it('a call still running at the backstop: TIMEOUT, nothing written', () => {
    const out = slowChain.send(mallory, target, 'infiniteLoop', [], { gasLimit: ENDLESS })
    expect(out.code).toBe('TIMEOUT')
    expect(out.storageChanges).toEqual([])
  })

  it('a callee stopped by the backstop whose failure the caller swallows: still TIMEOUT, nothing written', () => {
    const out = slowChain.send(mallory, caller, 'swallowCalleeFailure', [target], { gasLimit: ENDLESS })
    expect(out.status).toBe('failure')
    expect(out.code).toBe('TIMEOUT')
    expect(out.storageChanges).toEqual([])
    expect(out.events).toEqual([])
  })

  it('the same swallowing caller with a callee that runs out of gas instead: a success (gas is consensus)', () => {
    const out = slowChain.send(mallory, caller, 'swallowCalleeFailure', [target], { gasLimit: 2_000_000 })
    expect(out.status).toBe('success')
    expect(out.returnValue).toBe('"carried on"')
  })

  it('the instances still answer afterwards', () => {
    expect(slowChain.view(target, 'ping').returnValue).toBe('"pong"')
    expect(slowChain.send(mallory, caller, 'bump').status).toBe('success')
  })
})
