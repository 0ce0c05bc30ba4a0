import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { Parser } from 'acorn'
import { transformSync } from 'esbuild'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GAS_SCHEDULE_V1 } from '../gas/schedule.ts'
import { DEEP_SHAPES, mixedShape } from './fixtures/deepShapes.ts'
import { instrument, RESERVED_PREFIX, type InstrumentOptions, type InstrumentResult } from './instrument.ts'
import { ECMA_VERSION, MAX_PARSE_DEPTH, parseScript } from './parseScript.ts'

const PRICES: InstrumentOptions = { functionEntry: 10, loopIteration: 4, perNode: 1 }
/** With these prices the gas used is 1000 × entries (top level included) + loop iterations. */
const COUNTING: InstrumentOptions = { functionEntry: 1000, loopIteration: 1, perNode: 0 }

const require = createRequire(import.meta.url)
const ACORN_JS = readFileSync(require.resolve('acorn'), 'utf8')
const ESBUILD_MAIN_JS = readFileSync(require.resolve('esbuild'), 'utf8')

function ok(result: InstrumentResult): { code: string; charges: number } {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`)
  return result
}

function errorOf(source: string, options: InstrumentOptions = PRICES) {
  const result = instrument(source, options)
  if (result.ok) throw new Error('expected a rejection')
  return result.error
}

const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/

/** Stand-ins for the sandbox prelude: the counter, out-of-gas, and the BigInt-capping helpers. */
function prelude(gas: number): string {
  return `let __qg_gas = ${gas}; let __qg_oogCalls = 0; let __qg_helperCalls = 0;
const __qg_oog = function () { __qg_oogCalls++; throw new RangeError('out of gas') };
const __qg_mul = function (a, b) { __qg_helperCalls++; return a * b };
const __qg_pow = function (a, b) { __qg_helperCalls++; return a ** b };
const __qg_shl = function (a, b) { __qg_helperCalls++; return a << b };
const __qg_opset = function (op, o, k, v) { const r = op(o[k], v); o[k] = r; return r };`
}

interface Run {
  value: unknown
  error: unknown
  used: number
  oogCalls: number
  helperCalls: number
}

/** Instruments and evaluates `source` as a script in a fresh context, after the prelude. */
function run(source: string, options: InstrumentOptions = PRICES, gas = 1e12): Run {
  const { code } = ok(instrument(source, options))
  const context = vm.createContext({})
  vm.runInContext(prelude(gas), context)
  let value: unknown
  let error: unknown
  try {
    value = vm.runInContext(code, context, { filename: 'contract.js' })
  } catch (e) {
    error = e
  }
  const read = (name: string) => vm.runInContext(name, context) as number
  return { value, error, used: gas - read('__qg_gas'), oogCalls: read('__qg_oogCalls'), helperCalls: read('__qg_helperCalls') }
}

/** Gas used by `source` minus gas used by `baseline`, both run with COUNTING prices. */
function extra(source: string, baseline: string): number {
  return run(source, COUNTING).used - run(baseline, COUNTING).used
}

describe('rejections', () => {
  it('with statement: rejected with FORBIDDEN_WITH at its line and column', () => {
    expect(errorOf('var o = {}\nfunction f() {\n  with (o) { x }\n}')).toMatchObject({ code: 'FORBIDDEN_WITH', line: 3, column: 2 })
  })

  it('direct eval call: rejected with FORBIDDEN_EVAL at the call', () => {
    expect(errorOf('let a = 1\n  eval("a")')).toMatchObject({ code: 'FORBIDDEN_EVAL', line: 2, column: 2 })
  })

  it('parenthesized and optional eval calls: rejected with FORBIDDEN_EVAL', () => {
    expect(errorOf('(eval)("1")').code).toBe('FORBIDDEN_EVAL')
    expect(errorOf('eval?.("1")').code).toBe('FORBIDDEN_EVAL')
  })

  it.each([
    ['a variable', 'let x = 1\nlet __qg_gas = 2', 2, 4],
    ['an assignment to the counter', '\n\n   __qg_gas = 1e18', 3, 3],
    ['a unicode-escaped name', 'var \\u005f_qg_gas = 1', 1, 4],
    ['a parameter', 'function f(a, __qg_x) {}', 1, 14],
    ['a destructured binding', 'const { a: { __qg_y } } = o', 1, 13],
    ['a label', 'x: __qg_l: for (;;) break __qg_l', 1, 3],
    ['a property name', 'o.__qg_gas = 1', 1, 2],
    ['a private name', 'class A { #__qg_f = 1 }', 1, 10],
    ['a function name', 'function __qg_oog() {}', 1, 9],
  ])('reserved prefix in %s: rejected with RESERVED_IDENTIFIER at the name', (_, source, line, column) => {
    expect(errorOf(source)).toMatchObject({ code: 'RESERVED_IDENTIFIER', line, column })
  })

  it('reserved prefix: the exported constant is the one the runtime uses', () => {
    expect(RESERVED_PREFIX).toBe('__qg_')
  })

  it('dynamic import(): rejected with FORBIDDEN_IMPORT at `import`', () => {
    expect(errorOf('f()\nconst m = import("fs")')).toMatchObject({ code: 'FORBIDDEN_IMPORT', line: 2, column: 10 })
  })

  it('import.meta: rejected with FORBIDDEN_IMPORT at `import`', () => {
    expect(errorOf('function f() {\n  return import.meta.url\n}')).toMatchObject({ code: 'FORBIDDEN_IMPORT', line: 2, column: 9 })
  })

  it('static import declaration: rejected with PARSE_ERROR (a contract is a script)', () => {
    expect(errorOf('import fs from "fs"').code).toBe('PARSE_ERROR')
  })

  it('syntax error: rejected with PARSE_ERROR at acorn position', () => {
    expect(errorOf('let a = 1\nlet b = (2 +\n;')).toMatchObject({ code: 'PARSE_ERROR', line: 3, column: 0 })
  })

  it('hashbang and top-level return: rejected with PARSE_ERROR', () => {
    expect(errorOf('#!/usr/bin/env node\n1').code).toBe('PARSE_ERROR')
    expect(errorOf('return 1').code).toBe('PARSE_ERROR')
    expect(errorOf('await 1').code).toBe('PARSE_ERROR')
  })

  it('code longer than maxCodeChars: rejected with CODE_TOO_LARGE; exactly the limit is accepted', () => {
    const source = 'x=1;'.repeat(25)
    expect(errorOf(source, { ...PRICES, maxCodeChars: source.length - 1 })).toMatchObject({ code: 'CODE_TOO_LARGE', line: 1, column: 0 })
    expect(instrument(source, { ...PRICES, maxCodeChars: source.length }).ok).toBe(true)
  })

  it('default maxCodeChars: 1,048,576 characters accepted, one more rejected with CODE_TOO_LARGE', () => {
    const fits = `x=${'1'.repeat(1_048_576 - 2)}`
    expect(instrument(fits, PRICES).ok).toBe(true)
    expect(errorOf(fits + '0').code).toBe('CODE_TOO_LARGE')
  })

  it('several problems: the one earliest in the source is reported', () => {
    expect(errorOf('var a\nwith (a) {}\neval("1")\n__qg_x')).toMatchObject({ code: 'FORBIDDEN_WITH', line: 2 })
    expect(errorOf('__qg_x\nwith (a) {}')).toMatchObject({ code: 'RESERVED_IDENTIFIER', line: 1 })
  })

  it('compound BigInt assignment to a private member of a computed object: rejected with PARSE_ERROR', () => {
    expect(errorOf('class A {\n  #x = 1n\n  m(o) { o.p.#x *= 2n }\n}')).toMatchObject({ code: 'PARSE_ERROR', line: 3, column: 9 })
  })

  it('invalid options: a host bug, thrown as RangeError', () => {
    expect(() => instrument('1', { ...PRICES, perNode: -1 })).toThrow(RangeError)
    expect(() => instrument('1', { ...PRICES, functionEntry: 1.5 })).toThrow(RangeError)
  })
})

describe('line preservation', () => {
  const PROGRAM = [
    '"use strict"',
    'class Counter extends Object {',
    '  #n = 0',
    '  static zero = 0',
    '  static { Counter.ready = true }',
    '  get n() { return this.#n }',
    '  set n(v) { this.#n = v }',
    '  constructor() { super() }',
    '  *items() { for (let i = 0; i < this.#n; i++) yield i * 2 }',
    '}',
    'const sq = (x) =>',
    '  x * x',
    'function fail(n) {',
    '  for (const k of [1, 2, 3])',
    '    if (k === n) throw new Error("line 15")',
    '}',
    'let n = 0; do n++; while (n < 3)',
    'label: while (true) { break label }',
  ].join('\n')

  it('every construct: output has exactly the lines of the input', () => {
    const { code } = ok(instrument(PROGRAM, PRICES))
    expect(code.split(LINE_BREAKS)).toHaveLength(PROGRAM.split(LINE_BREAKS).length)
  })

  it('CRLF, CR, U+2028 and U+2029 line breaks: kept, same line count', () => {
    const source = 'function f(a) {\r\n  return a\r}\u2028while (f(0)) {}\u2029for (;;) break'
    const { code } = ok(instrument(source, PRICES))
    expect(code.split(LINE_BREAKS)).toHaveLength(5)
    expect(code.match(/\r\n|\r|\u2028|\u2029/g)).toEqual(['\r\n', '\r', '\u2028', '\u2029'])
  })

  it('error thrown on line 15: its stack in the instrumented code points at line 15', () => {
    const r = run(`${PROGRAM}\nfail(2)`)
    expect((r.error as Error).message).toBe('line 15')
    const match = /contract\.js:(\d+):\d+/.exec((r.error as Error).stack ?? '')
    expect(Number(match?.[1])).toBe(15)
  })

  it('real bundles (acorn, esbuild): same number of lines after instrumentation', () => {
    for (const source of [ACORN_JS, ESBUILD_MAIN_JS]) {
      const { code } = ok(instrument(source, GAS_SCHEDULE_V1))
      expect(code.split(LINE_BREAKS)).toHaveLength(source.split(LINE_BREAKS).length)
    }
  })
})

describe('charges', () => {
  it('loop of 1,000 iterations: consumes at least 1,000 × loopIteration', () => {
    const r = run('let s = 0; for (let i = 0; i < 1000; i++) { s += i } s', PRICES)
    expect(r.value).toBe(499500)
    expect(r.used).toBeGreaterThanOrEqual(1000 * PRICES.loopIteration)
  })

  it('function called 10 times: charges 10 entries', () => {
    expect(extra('function f() { return 1 } for (let i = 0; i < 10; i++) f()', 'function f() { return 1 } for (let i = 0; i < 10; i++) ;')).toBe(10 * 1000)
  })

  it('infinite while(true) loop: runs out of gas through __qg_oog', () => {
    const r = run('while (true) {}', PRICES, 10_000)
    expect(r.oogCalls).toBe(1)
    expect((r.error as Error).message).toBe('out of gas')
  })

  it('infinite loops of every other kind: all stopped by __qg_oog', () => {
    for (const loop of ['for (;;) ;', 'do ; while (1)', 'for (const x of { *[Symbol.iterator]() { for (;;) yield 1 } }) ;', 'l: for (;;) continue l', 'for (;;) { try { for (;;) ; } catch {} }']) {
      const r = run(loop, PRICES, 100_000)
      expect(r.oogCalls, loop).toBeGreaterThanOrEqual(1)
    }
  })

  it('unbounded recursion: charged per call, runs out of gas before the stack', () => {
    const r = run('function f(n) { return f(n + 1) } f(0)', PRICES, 5_000)
    expect(r.oogCalls).toBe(1)
    expect((r.error as Error).message).toBe('out of gas')
  })

  it('recursive fib(10): 177 calls charge 177 entries', () => {
    expect(extra('function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } fib(10)', 'function fib(n) {}')).toBe(177 * 1000)
  })

  it.each([
    ['function declaration', 'function f() {} f()'],
    ['function expression', 'const f = function () {}; f()'],
    ['block arrow', 'const f = () => {}; f()'],
    ['expression arrow', 'const f = () => 1; f()'],
    ['async arrow', 'const f = async (x) => x; f()'],
    ['async function', 'async function f() {} f()'],
    ['object method', '({ m() {} }).m()'],
    ['computed method', '({ ["m"]() {} }).m()'],
    ['getter', '({ get g() { return 1 } }).g'],
    ['setter', '({ set s(v) {} }).s = 1'],
    ['class method', 'new (class { m() {} })().m()'],
    ['static method', '(class { static m() {} }).m()'],
    ['class static block', '(class { static { } })'],
    ['tagged template tag', 'const t = () => 1; t`x`'],
    ['callback', '[1].forEach(() => {})'],
  ])('%s called once: charged exactly one function entry', (_, source) => {
    expect(run(source, COUNTING).used).toBe(2 * 1000)
  })

  it('constructor of a derived class: its entry and the base constructor entry charged', () => {
    expect(run('class A { constructor() {} } class B extends A { constructor() { super() } } new B()', COUNTING).used).toBe(3 * 1000)
  })

  it('generator: charged when its body first runs, once per generator', () => {
    expect(run('function* g() { yield 1; yield 2 } g()', COUNTING).used).toBe(1000)
    expect(run('function* g() { yield 1; yield 2 } [...g()]', COUNTING).used).toBe(2 * 1000)
  })

  it('class instance fields: charged once per instance; static fields once where the class is defined', () => {
    const r = run('class A { a = 1; b = [1, 2]; static s = 3 } new A(); new A(); new A(); A.s', COUNTING)
    expect(r.value).toBe(3)
    expect(r.used).toBe(4 * 1000)
  })

  it('class fields without an explicit constructor, derived class: charged per instance and values right', () => {
    const r = run('class A { x = 1 } class B extends A { y = this.x + 1 } JSON.stringify(new B())', COUNTING)
    expect(r.value).toBe('{"x":1,"y":2}')
    expect(r.used).toBe(3 * 1000)
  })

  it.each([
    ['for', 'for (let i = 0; i < 7; i++) ;'],
    ['for with a block', 'for (let i = 0; i < 7; i++) {}'],
    ['for-in', 'for (const k in { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }) ;'],
    ['for-of', 'for (const x of [1, 2, 3, 4, 5, 6, 7]) ;'],
    ['while', 'let i = 0; while (i < 7) i++'],
    ['do-while', 'let i = 0; do i++; while (i < 7)'],
    ['labeled continue', 'let i = 0; l: while (i < 7) { i++; continue l }'],
  ])('%s loop of 7 iterations: charged 7 loop iterations', (_, source) => {
    expect(run(source, COUNTING).used).toBe(1000 + 7)
  })

  it('for-await loop of 3 iterations: charged 3 loop iterations', async () => {
    const { code } = ok(instrument('(async () => { let s = 0; for await (const x of [1, 2, 3]) s += x; return s })()', COUNTING))
    const context = vm.createContext({})
    vm.runInContext(prelude(1e9), context)
    expect(await vm.runInContext(code, context)).toBe(6)
    expect(1e9 - (vm.runInContext('__qg_gas', context) as number)).toBe(2 * 1000 + 3)
  })

  it('nested loops: every inner iteration charged', () => {
    expect(run('for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) ;', COUNTING).used).toBe(1000 + 10 + 100)
  })

  it('charge amount: base plus perNode × nodes of the region, loop test and update counted per iteration', () => {
    expect(ok(instrument('function f() { return 1 }', PRICES)).code).toBe('if((__qg_gas-=13)<0)__qg_oog();function f() {if((__qg_gas-=13)<0)__qg_oog(); return 1 }')
    expect(ok(instrument('for (let i = 0; i < 3; i++) {}', PRICES)).code).toBe('if((__qg_gas-=16)<0)__qg_oog();for (let i = 0; i < 3; i++) {if((__qg_gas-=10)<0)__qg_oog();}')
  })

  it('charges field: the number of charge sites in the output', () => {
    const { code, charges } = ok(instrument('function f() { for (;;) { const g = () => 1 } } class A { x = 1; static { } } while (0) ;', PRICES))
    expect(charges).toBe(7)
    expect(code.split('__qg_gas-=').length - 1).toBe(7)
  })
})

describe('semantics kept', () => {
  it('expression-bodied arrows: return the same values, incl. sequences and nested arrows', () => {
    expect(run('const f = (a) => a + 1; const g = (a) => (a, a * 2); const h = (a) => (b) => a - b; [f(1), g(3), h(5)(2)].join()').value).toBe('2,6,3')
  })

  it('arrow returning an object literal: still returns the object', () => {
    expect(run('const f = (a) => ({ a, b: [a] }); JSON.stringify(f(1))').value).toBe('{"a":1,"b":[1]}')
  })

  it('directive prologue: "use strict" stays a directive, with or without its semicolon', () => {
    expect(run('function f() { "use strict"; return this } f() === undefined').value).toBe(true)
    expect(run('function f() { "use strict"\n return this } f() === undefined').value).toBe(true)
    expect(ok(instrument('function f() { "use strict"\n return this }', PRICES)).code).toContain('"use strict";if(')
  })

  it('classes, getters, setters, private members, generators and async: same results as uninstrumented', async () => {
    const program = `
      class Base { #v; constructor(v) { this.#v = v } get v() { return this.#v } set v(x) { this.#v = x } static make(v) { return new this(v) } }
      class Twice extends Base { extra = this.v * 2; get v() { return super.v + 1 } static #count = 0; static { Twice.#count = 5 } static count() { return Twice.#count } }
      function* range(n) { for (let i = 0; i < n; i++) yield i }
      const o = { a: 1, get b() { return this.a + 1 }, ['c' + 1]: 3, ...{ d: 4 } }
      const t = Twice.make(10); t.v = 20
      const { a, ...rest } = o
      let label = 0; outer: for (const i of range(5)) { for (const j of range(5)) { if (j > i) continue outer; label += j } }
      const tag = (s, ...v) => s.raw.join('|') + v.join('+')
      const result = [t.v, t.extra, Twice.count(), [...range(4)], a, rest, label, tag\`x\${1}y\${2}\`, o?.missing?.deep ?? 'none', 2 ** 10, 7 * 6, 1 << 4]
      ;(async () => { const x = await Promise.resolve(3); for await (const y of [x]) result.push(y); return JSON.stringify(result) })()`
    const expected = await vm.runInContext(program, vm.createContext({}))
    const { code } = ok(instrument(program, PRICES))
    const context = vm.createContext({})
    vm.runInContext(prelude(1e12), context)
    expect(await vm.runInContext(code, context)).toBe(expected)
  })

  it('BigInt-growing operators: routed through the helpers, same values', () => {
    const r = run(`
      let x = 3n; x *= 5n; x **= 2n; x <<= 1n
      const o = { a: 2n, b: { c: 3n } }; o.a *= o.a; o.b.c **= 3n; o['a'] <<= 2n
      let calls = 0; const key = () => { calls++; return 'a' }; o[key()] *= 2n; (o[key()]) *= 1n
      class P { #p = 2n; bump() { this.#p *= 10n; return this.#p } }
      [String(x), String(o.a), String(o.b.c), calls, String(new P().bump()), 6 * 7, 2 ** 0.5, 1 << 3, String(2n ** 64n)].join()`)
    expect(r.value).toBe(['450', '32', '27', '2', '20', '42', String(2 ** 0.5), '8', String(2n ** 64n)].join())
    expect(r.helperCalls).toBe(13)
  })

  it('parenthesized compound target first in a loop body or function body: charge first, then the rewrite', () => {
    const r = run('const o = { k: 3n }, k = "k"; let i = 0; function f() {(o[k]) *= 2n} for (; i < 2; i++) (o[k]) *= 5n; f(); String(o.k)')
    expect(r.value).toBe('150')
    expect(r.helperCalls).toBe(3)
  })

  it('HTML-like comments between operand and operator: the real operator is rewritten', () => {
    const r = run('const a = 6, b = 7\nconst x = a <!-- * 100\n * b\nconst y = a\n--> * 100\n* b\nx + y')
    expect(r.value).toBe(84)
    expect(r.helperCalls).toBe(2)
  })

  it('BigInt operators: output replaces only the operator, across comments and line breaks', () => {
    const { code } = ok(instrument('a /* x */\n  * (b)\no[k /*]*/] *=\n 2', PRICES))
    expect(code.split('\n')).toEqual(['if((__qg_gas-=21)<0)__qg_oog();__qg_mul(a /* x */', '  , (b))', '__qg_opset(__qg_mul,o,k /*]*/ ,', ' 2)'])
  })
})

describe('determinism', () => {
  it('same input twice: byte-identical output', () => {
    const first = ok(instrument(ACORN_JS, GAS_SCHEDULE_V1))
    const second = ok(instrument(ACORN_JS, GAS_SCHEDULE_V1))
    expect(second.code).toBe(first.code)
    expect(second.charges).toBe(first.charges)
  })

  it('fixed program: output is exactly the recorded text', () => {
    const { code } = ok(instrument('while (x) f()\nconst g = (a) => a * 2\nclass A { b = 1 }', GAS_SCHEDULE_V1))
    expect(code).toBe(
      'if((__qg_gas-=19)<0)__qg_oog();while (x) {if((__qg_gas-=8)<0)__qg_oog();f()}\n' +
        'const g = (a) => ((__qg_gas-=14)<0&&__qg_oog(),__qg_mul(a , 2))\n' +
        'class A {#__qg_f=(__qg_gas-=13)<0&&__qg_oog(); b = 1 }',
    )
  })
})

describe('hostile nesting', () => {
  it.each([
    ['100,000 nested brackets', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['100,000 nested parentheses', 'x=' + '('.repeat(100_000) + '1' + ')'.repeat(100_000)],
    ['100,000 negations', 'x=' + '!'.repeat(100_000) + 'x'],
    ['100,000 chained ternaries', 'x=' + 'a?b:'.repeat(100_000) + 'c'],
    ['100,000 curried arrows', 'x=' + 'x=>'.repeat(100_000) + 'x'],
    ['50,000 nested functions', 'function f(){'.repeat(50_000) + '}'.repeat(50_000)],
    ['100,000 nested blocks', '{'.repeat(100_000) + '}'.repeat(100_000)],
    ['100,000 nested templates', 'x=' + '`${'.repeat(100_000) + '1' + '}`'.repeat(100_000)],
    ['100,000 nested regex groups', 'x=/' + '('.repeat(100_000) + ')'.repeat(100_000) + '/'],
    ['50,000 else-ifs', 'if(a);else '.repeat(50_000) + ';'],
  ])('%s: rejected with CODE_TOO_COMPLEX, never thrown', (_, source) => {
    expect(errorOf(source).code).toBe('CODE_TOO_COMPLEX')
  })

  it('a+a+a+... with 200,000 terms: instrumented (operator chains do not nest the parser)', () => {
    expect(instrument('x=' + 'a+'.repeat(200_000) + 'a', PRICES).ok).toBe(true)
  })

  it('every deep shape at 20,000 levels: a result (ok or CODE_TOO_COMPLEX), never a throw', () => {
    for (const [name, shape] of Object.entries(DEEP_SHAPES)) {
      const result = instrument(shape(20_000), PRICES)
      expect(result.ok || result.error.code === 'CODE_TOO_COMPLEX', name).toBe(true)
    }
  })

  it('random inputs: always a result, never a throw', () => {
    const tokens = ['(', ')', '[', ']', '{', '}', '`', '${', '/', '*', 'a', '=>', '?', ':', ',', ';', '!', 'function', 'class', 'new', '"', '\n', ' ', '/*', '*/', '//', '=', '.', '...', '#x', 'async', 'yield', 'import']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 300 }), (parts) => {
        const result = instrument(parts.join(''), PRICES)
        return typeof result.ok === 'boolean'
      }),
      { numRuns: 2000, seed: 42 },
    )
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (source) => typeof instrument(source, PRICES).ok === 'boolean'), { numRuns: 2000, seed: 7 })
  })

  it('deepest accepted input of every shape: same results with only a quarter of the default stack free (246 KB, interpreter only)', () => {
    const deepest: Record<string, string> = {}
    const expected: Record<string, string> = {}
    const shapes: Array<[string, (n: number) => string]> = [...Object.entries(DEEP_SHAPES), ...Array.from({ length: 8 }, (_, i) => [`mixed#${i + 1}`, (n: number) => mixedShape(i + 1, n)] as [string, (n: number) => string])]
    for (const [name, shape] of shapes) {
      const outcome = (n: number) => {
        const r = instrument(shape(n), PRICES)
        return r.ok ? 'ok' : r.error.code
      }
      if (outcome(1 << 16) !== 'CODE_TOO_COMPLEX') continue // operator chains: nothing nests
      let lo = 1
      let hi = 1 << 16
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1
        if (outcome(mid) !== 'CODE_TOO_COMPLEX') lo = mid
        else hi = mid
      }
      deepest[name] = shape(lo)
      expected[name] = outcome(lo)
    }
    expect(Object.keys(deepest).length).toBeGreaterThan(60)

    // Leave exactly a quarter of the default stack below the call, measured in frames of a probe.
    const child = fileURLToPath(new URL('./fixtures/instrumentWithStack.ts', import.meta.url))
    const spawn = (kb: number, ...args: string[]) => {
      const r = spawnSync(process.execPath, ['--jitless', `--stack-size=${kb}`, '--import', 'tsx', child, ...args], { input: JSON.stringify(deepest), encoding: 'utf8', maxBuffer: 1 << 26 })
      if (r.status !== 0) throw new Error(r.stderr)
      return r.stdout
    }
    const frames1000 = Number(spawn(1000, 'measure'))
    const frames1500 = Number(spawn(1500, 'measure'))
    const bytesPerFrame = (500 * 1024) / (frames1500 - frames1000)
    const quarter = Math.ceil(((984 / 4) * 1024) / bytesPerFrame)
    expect(JSON.parse(spawn(1000, 'run', String(frames1000 - quarter)))).toEqual(expected)
  })
})

describe('parser', () => {
  const stock = (source: string) => Parser.parse(source, { ecmaVersion: ECMA_VERSION, sourceType: 'script' })
  const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof RegExp ? String(v) : v))

  it('real bundles and an operator-heavy corpus: the same AST as stock acorn', () => {
    const minified = transformSync(ACORN_JS, { minify: true }).code
    const corpus = 'x = a || b && c | d ^ e & f == g < h << i + j * k ** l ** m; y = a ?? (b || c); z = a in b instanceof c; for (var q = (a in b) ? 1 : 2; ;) break; w = a - -b + +c - --d'
    for (const source of [ACORN_JS, ESBUILD_MAIN_JS, minified, corpus]) {
      const ours = parseScript(source)
      if (!ours.ok) throw new Error(ours.reason)
      expect(json(ours.program)).toBe(json(stock(source)))
    }
  })

  it('mixing ?? with || unparenthesized: the same syntax error position as stock acorn', () => {
    const source = 'x = a ?? b || c'
    const ours = parseScript(source)
    let stockOffset = -1
    try {
      stock(source)
    } catch (e) {
      stockOffset = (e as { pos: number }).pos
    }
    expect(ours.ok).toBe(false)
    expect(ours.ok || ours.offset).toBe(stockOffset)
  })

  it('real bundles: parse depth far below the limit', () => {
    for (const source of [ACORN_JS, ESBUILD_MAIN_JS, transformSync(ESBUILD_MAIN_JS, { minify: true }).code]) {
      const r = parseScript(source)
      expect(r.ok && r.depth).toBeLessThan(MAX_PARSE_DEPTH / 4)
    }
  })
})

describe('performance', () => {
  it('large real bundles: instrumented (time printed, not asserted)', () => {
    const minifiedEsbuild = transformSync(ESBUILD_MAIN_JS, { minify: true }).code
    const big = ACORN_JS + '\n' + ESBUILD_MAIN_JS.replace(/^#!.*/, '') + '\n' + minifiedEsbuild + '\n' + ACORN_JS
    for (const [name, source] of [['acorn.js', ACORN_JS], ['esbuild main.js', ESBUILD_MAIN_JS], ['concatenated bundle', big]] as const) {
      const start = performance.now()
      const { code, charges } = ok(instrument(source, GAS_SCHEDULE_V1))
      const ms = performance.now() - start
      console.log(`${name}: ${source.length} chars → ${code.length} chars, ${charges} charge sites, ${ms.toFixed(0)} ms`)
    }
  })

  it('instrumented acorn.js: runs, parses like the original, and pays gas', () => {
    const { code } = ok(instrument(ACORN_JS, GAS_SCHEDULE_V1))
    const context = vm.createContext({})
    vm.runInContext(prelude(1e12), context)
    vm.runInContext(code, context)
    const before = vm.runInContext('__qg_gas', context) as number
    const parsed = vm.runInContext('JSON.stringify(acorn.parse("let x = a => ({ b: [1, 2 ** 3] })", { ecmaVersion: 2022 }))', context) as string
    expect(parsed).toBe(JSON.stringify(Parser.parse('let x = a => ({ b: [1, 2 ** 3] })', { ecmaVersion: 2022 })))
    expect(before - (vm.runInContext('__qg_gas', context) as number)).toBeGreaterThan(1000)
  })
})
