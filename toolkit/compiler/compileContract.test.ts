import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeValue, type Abi } from '../../contracts/sdk/abi.ts'
import { decodeStored, encodeKey, encodeStored, type Key, type Storable } from '../../contracts/sdk/codec.ts'
import { type Artifact, compileContract, type CompileResult } from './compileContract.ts'
import { COMPILE_ERRORS } from './errors.ts'
import { mapToSource } from './sourceMap.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const FIXTURES = 'toolkit/compiler/fixtures'
const TOKEN = `${FIXTURES}/Token.ts`
const SHAPES = `${FIXTURES}/Shapes.ts`

const tempDirs: string[] = []
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
})

function expectOk(result: CompileResult): Artifact {
  if (!result.ok) throw new Error(`expected a successful compile, got ${JSON.stringify(result.errors, null, 2)}`)
  return result.artifact
}

/** Copy the SDK and the given fixtures into `root`, keeping their paths relative to the repo. */
function copyProject(root: string, files: string[]): void {
  for (const rel of ['contracts/sdk', ...files]) {
    fs.cpSync(path.join(ROOT, rel), path.join(root, rel), { recursive: true })
  }
}

function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')
  const index = lines.findIndex((l) => l.includes(text))
  if (index < 0) throw new Error(`${text} not in ${file}`)
  return index + 1
}

/** A `__chain` stand-in: in-memory storage, recorded events, revert as a thrown Error. */
function stubChain(sender: string) {
  const storage = new Map<string, string>()
  const events: Array<{ name: string; data: string }> = []
  return {
    events,
    get: (k: string) => storage.get(k),
    set: (k: string, v: string) => void storage.set(k, v),
    delete: (k: string) => void storage.delete(k),
    has: (k: string) => storage.has(k),
    emit: (name: string, data: string) => void events.push({ name, data }),
    // The VM's stored-value and canonical-JSON doors, done here with the SDK's own codec.
    getStored: (k: string) => (storage.has(k) ? decodeStored(storage.get(k)!) : undefined),
    setStored: (k: string, v: Storable) => void storage.set(k, encodeStored(v)),
    keyOf: (k: Key) => encodeKey(k),
    emitValue: (name: string, data: unknown) => void events.push({ name, data: JSON.stringify(encodeValue(data)) }),
    callWith: () => {
      throw new Error('no calls in this stub')
    },
    balance: () => '0',
    transfer: () => {},
    call: () => {
      throw new Error('no calls in this stub')
    },
    revert: (reason: string): never => {
      throw new Error(reason)
    },
    ctx: { sender, origin: sender, self: '0x' + 'cc'.repeat(20), value: '0', blockHeight: 1, blockTime: 0, txHash: '0x00', readonly: false },
    CallError: class extends Error {},
  }
}

/** Evaluate an artifact's code as the node would: a CommonJS script with `__chain` installed. */
function evaluate(artifact: Artifact, chain: ReturnType<typeof stubChain>) {
  const module = { exports: {} as Record<string, unknown> }
  const context = vm.createContext({ module, exports: module.exports, __chain: chain })
  new vm.Script(artifact.code, { filename: `${artifact.contractName}.js` }).runInContext(context)
  return module.exports as Record<string, any>
}

const A = '0x' + 'aa'.repeat(20)
const B = '0x' + 'bb'.repeat(20)

const TOKEN_ABI: Abi = {
  version: 1,
  methods: [
    {
      name: 'setup',
      kind: 'init',
      payable: false,
      reentrant: false,
      params: [
        { name: 'name', type: 'string' },
        { name: 'supply', type: 'bigint' },
      ],
      returns: 'void',
    },
    { name: 'balanceOf', kind: 'view', payable: false, reentrant: false, params: [{ name: 'account', type: 'address' }], returns: 'bigint' },
    {
      name: 'transfer',
      kind: 'call',
      payable: false,
      reentrant: false,
      params: [
        { name: 'to', type: 'address' },
        { name: 'amount', type: 'bigint' },
        { name: 'memo', type: 'string', optional: true },
      ],
      returns: 'boolean',
    },
    {
      name: 'info',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [],
      returns: {
        object: { name: 'string', supply: 'bigint', owner: { union: ['address', 'null'] }, tags: { array: 'string' } },
        optional: ['tags'],
      },
    },
    {
      name: 'pair',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [
        { name: 'a', type: 'address' },
        { name: 'b', type: 'address' },
      ],
      returns: { tuple: ['bigint', 'address'] },
    },
    {
      name: 'holders',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [
        { name: 'limit', type: 'number', optional: true },
        { name: 'offset', type: 'number', optional: true },
      ],
      returns: { array: 'address' },
    },
    {
      name: 'status',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [],
      returns: { union: [{ literal: 'active' }, { literal: 'paused' }, { literal: 0 }] },
    },
    {
      name: 'flags',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [
        { name: 'x', type: { union: ['boolean', 'null'] } },
        { name: 'ids', type: { array: 'number' } },
      ],
      returns: { optional: 'boolean' },
    },
    { name: 'deposit', kind: 'call', payable: true, reentrant: false, params: [], returns: 'bigint' },
    {
      name: 'onCallback',
      kind: 'call',
      payable: false,
      reentrant: true,
      params: [
        { name: 'data', type: { record: 'bigint' } },
        { name: 'meta', type: 'unknown' },
      ],
      returns: 'void',
    },
  ],
  events: [
    {
      name: 'Transfer',
      fields: [
        { name: 'from', type: 'address' },
        { name: 'to', type: 'address' },
        { name: 'value', type: 'bigint' },
      ],
    },
    {
      name: 'Approval',
      fields: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'bigint' },
        { name: 'memo', type: 'string', optional: true },
      ],
    },
  ],
}

const SHAPES_ABI: Abi = {
  version: 1,
  methods: [
    {
      name: 'position',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [{ name: 'id', type: 'string' }],
      returns: {
        object: {
          side: { union: [{ literal: 'buy' }, { literal: 'sell' }] },
          size: 'bigint',
          owners: { array: 'address' },
          by: { record: 'address' },
        },
      },
    },
    { name: 'maybeOwner', kind: 'view', payable: false, reentrant: false, params: [{ name: 'key', type: 'string' }], returns: { optional: 'address' } },
    {
      name: 'level',
      kind: 'view',
      payable: false,
      reentrant: false,
      params: [{ name: 'range', type: { tuple: ['number', { optional: 'number' }] } }],
      returns: { union: [{ literal: 0 }, { literal: 1 }] },
    },
    {
      name: 'nested',
      kind: 'call',
      payable: false,
      reentrant: false,
      params: [{ name: 'input', type: { object: { a: { union: [{ object: { b: { array: { tuple: ['address', 'boolean'] } } } }, 'null'] } } } }],
      returns: { union: [{ literal: 'ok' }, { literal: 'fail' }] },
    },
  ],
  events: [
    {
      name: 'Moved',
      fields: [
        { name: 'who', type: 'address' },
        { name: 'to', type: 'address', optional: true },
        { name: 'at', type: 'number' },
      ],
    },
  ],
}

let token: Artifact

beforeAll(async () => {
  // Timings are printed, never asserted (DESIGN §9): the first compile in the process is cold.
  let t = performance.now()
  token = expectOk(await compileContract(TOKEN, { root: ROOT }))
  const cold = performance.now() - t
  const repeats: number[] = []
  for (let i = 0; i < 3; i++) {
    t = performance.now()
    expectOk(await compileContract(TOKEN, { root: ROOT }))
    repeats.push(performance.now() - t)
  }
  t = performance.now()
  expectOk(await compileContract(SHAPES, { root: ROOT }))
  const other = performance.now() - t
  console.log(
    `compileContract timings: cold ${cold.toFixed(0)} ms; same contract again ${repeats.map((r) => r.toFixed(0)).join(', ')} ms; ` +
      `another contract in the warm process ${other.toFixed(0)} ms`,
  )
})

describe('compileContract: successful compiles', () => {
  it('token fixture → ABI equals the expected shape exactly', () => {
    expect(token.abi).toEqual(TOKEN_ABI)
  })

  it('shapes fixture (aliases, brands, enums, readonly/optional tuples, records) → ABI equals the expected shape', async () => {
    const shapes = expectOk(await compileContract(SHAPES, { root: ROOT }))
    expect(shapes.abi).toEqual(SHAPES_ABI)
  })

  it('token fixture → artifact metadata: format, name, root-relative path, sha256 code hash, compiler versions', () => {
    expect(token.format).toBe('tsvm-artifact/1')
    expect(token.contractName).toBe('Token')
    expect(token.sourcePath).toBe(TOKEN)
    expect(token.codeHash).toBe('0x' + bytesToHex(sha256(utf8ToBytes(token.code))))
    expect(token.compiler).toEqual({ esbuild: '0.28.2', typescript: '6.0.3' })
    const map = JSON.parse(token.sourceMap) as { sources: string[] }
    expect(map.sources).toContain(TOKEN)
    expect(map.sources).toContain('contracts/sdk/methods.ts')
    for (const source of map.sources) expect(path.isAbsolute(source)).toBe(false)
  })

  it('an absolute entry path → same artifact as the root-relative one', async () => {
    const again = expectOk(await compileContract(path.join(ROOT, TOKEN), { root: ROOT }))
    expect(again.code).toBe(token.code)
    expect(again.sourcePath).toBe(TOKEN)
  })

  it('SDK imported by its package path tsvm/sdk → compiles, Address still detected', async () => {
    const artifact = expectOk(await compileContract(`${FIXTURES}/PackageImport.ts`, { root: ROOT }))
    expect(artifact.abi.methods).toEqual([
      { name: 'echo', kind: 'view', payable: false, reentrant: false, params: [{ name: 'who', type: 'address' }], returns: 'address' },
    ])
  })

  it('same sources in two different directories → byte-identical code, codeHash, abi and sourceMap', async () => {
    const dirA = tempDir('tsvm-compile-a-')
    const dirB = path.join(tempDir('tsvm-compile-b-'), 'a', 'much', 'deeper', 'project')
    const artifacts: Artifact[] = []
    for (const dir of [dirA, dirB]) {
      copyProject(dir, [TOKEN, SHAPES])
      artifacts.push(expectOk(await compileContract(TOKEN, { root: dir })), expectOk(await compileContract(SHAPES, { root: dir })))
    }
    const [tokenA, shapesA, tokenB, shapesB] = artifacts as [Artifact, Artifact, Artifact, Artifact]
    for (const [a, b] of [
      [tokenA, tokenB],
      [shapesA, shapesB],
    ] as const) {
      expect(b.code).toBe(a.code)
      expect(b.codeHash).toBe(a.codeHash)
      expect(b.abi).toEqual(a.abi)
      expect(b.sourceMap).toBe(a.sourceMap)
      expect(b.sourcePath).toBe(a.sourcePath)
    }
    // And identical to the compile in the repository itself.
    expect(tokenA.codeHash).toBe(token.codeHash)
    expect(tokenA.sourceMap).toBe(token.sourceMap)
  })
})

describe('compileContract: the bundle', () => {
  it('code ends with the $abi footer line → evaluable; module.exports.$abi deep-equals artifact.abi', () => {
    expect(token.code.endsWith(`\nmodule.exports.$abi=${JSON.stringify(token.abi)};\n`)).toBe(true)
    const exports = evaluate(token, stubChain(A))
    expect(JSON.parse(JSON.stringify(exports.$abi))).toEqual(token.abi)
  })

  it('evaluated bundle → exported methods carry $kind and $options, events are not methods', () => {
    const exports = evaluate(token, stubChain(A))
    for (const method of token.abi.methods) {
      expect(typeof exports[method.name]).toBe('function')
      expect(exports[method.name].$kind).toBe(method.kind)
    }
    expect(exports.deposit.$options.payable).toBe(true)
    expect(exports.onCallback.$options.reentrant).toBe(true)
    expect(exports.Transfer.name).toBe('Transfer')
    expect(exports.helper.$kind).toBeUndefined()
  })

  it('evaluated bundle → methods run against the host stub (init, transfer, event)', () => {
    const chain = stubChain(A)
    const exports = evaluate(token, chain)
    exports.setup('Token', 1000n)
    expect(exports.transfer(B, 250n)).toBe(true)
    expect(exports.balanceOf(A)).toBe(750n)
    expect(exports.balanceOf(B)).toBe(250n)
    expect(chain.events).toEqual([{ name: 'Transfer', data: JSON.stringify({ from: A, to: B, value: '250' }) }])
  })
})

describe('mapToSource', () => {
  it('a bundle line inside transfer → the same line in Token.ts', () => {
    const codeLines = token.code.split('\n')
    const bundleLine = codeLines.findIndex((l) => l.includes("'insufficient balance'") || l.includes('"insufficient balance"')) + 1
    expect(bundleLine).toBeGreaterThan(0)
    const column = codeLines[bundleLine - 1]!.search(/\S/)
    expect(mapToSource(token.sourceMap, bundleLine, column)).toMatchObject({
      source: TOKEN,
      line: lineOf(TOKEN, "'insufficient balance'"),
    })
  })

  it('a revert thrown at run time → its stack frames map back to Token.ts and the SDK', () => {
    const exports = evaluate(token, stubChain(A))
    exports.setup('Token', 10n)
    let stack = ''
    try {
      exports.transfer(B, 11n)
    } catch (e) {
      stack = (e as Error).stack ?? ''
    }
    expect(stack).toContain('insufficient balance')
    // V8 stack columns are 1-based; source-map columns are 0-based.
    const frames = [...stack.matchAll(/Token\.js:(\d+):(\d+)/g)].map((m) => mapToSource(token.sourceMap, Number(m[1]), Number(m[2]) - 1))
    expect(frames).toContainEqual(expect.objectContaining({ source: 'contracts/sdk/errors.ts', line: lineOf('contracts/sdk/errors.ts', '__chain.revert(reason)') }))
    expect(frames).toContainEqual(expect.objectContaining({ source: TOKEN, line: lineOf(TOKEN, "'insufficient balance'") }))
  })

  it('a position in the $abi footer → undefined', () => {
    const lines = token.code.split('\n')
    expect(mapToSource(token.sourceMap, lines.length - 1, 5)).toBeUndefined()
  })
})

describe('compileContract: errors carry a code, file and line', () => {
  const cases: Array<[condition: string, fixture: string, code: keyof typeof COMPILE_ERRORS, line: number]> = [
    ['a type error', 'bad-type-error.ts', 'COMPILE_TYPE_ERROR', 4],
    ['a syntax error', 'bad-syntax-error.ts', 'COMPILE_SYNTAX_ERROR', 5],
    ["an import of Node's fs", 'bad-node-builtin.ts', 'COMPILE_NODE_BUILTIN_IMPORT', 2],
    ['an import of a missing file', 'bad-missing-import.ts', 'COMPILE_UNRESOLVED_IMPORT', 2],
    ['an event exported under another name', 'bad-event-name.ts', 'ABI_EVENT_NAME_MISMATCH', 4],
    ['a function-typed parameter', 'bad-function-param.ts', 'ABI_UNSUPPORTED_TYPE', 4],
    ['two init exports', 'bad-two-inits.ts', 'ABI_MULTIPLE_INIT', 6],
    ['an export named $abi', 'bad-reserved-export.ts', 'ABI_RESERVED_EXPORT', 4],
    ['a method option typed boolean, not a literal', 'bad-option-not-literal.ts', 'ABI_OPTION_NOT_LITERAL', 5],
    ['a parameter without a type annotation', 'bad-untyped-param.ts', 'ABI_UNTYPED_PARAMETER', 3],
    ['an event name that is not a string literal', 'bad-event-name-not-literal.ts', 'ABI_EVENT_NAME_NOT_LITERAL', 4],
    ["an export whose $kind is not 'view' | 'call' | 'init'", 'bad-invalid-marker.ts', 'ABI_INVALID_MARKER', 4],
    ['top-level await (no CommonJS form)', 'bad-top-level-await.ts', 'COMPILE_BUNDLE_ERROR', 3],
  ]
  it.each(cases)('%s → %s at its file and line', async (_condition, fixture, code, line) => {
    const result = await compileContract(`${FIXTURES}/${fixture}`, { root: ROOT })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => e.code)).toEqual(result.errors.map(() => code))
    expect(result.errors[0]).toMatchObject({ code, file: `${FIXTURES}/${fixture}`, line })
    expect(result.errors[0]!.column).toBeGreaterThan(0)
  })

  it('a function-typed parameter → the error names the method and the parameter', async () => {
    const result = await compileContract(`${FIXTURES}/bad-function-param.ts`, { root: ROOT })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]!.message).toContain('withCallback')
    expect(result.errors[0]!.message).toContain('onDone')
  })

  it('a recursive return type and a Map return type → one ABI_UNSUPPORTED_TYPE each, at their lines', async () => {
    const result = await compileContract(`${FIXTURES}/bad-unsupported-return.ts`, { root: ROOT })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([
      ['ABI_UNSUPPORTED_TYPE', 8],
      ['ABI_UNSUPPORTED_TYPE', 9],
    ])
  })

  it('a missing entry file → COMPILE_ENTRY_NOT_FOUND', async () => {
    const result = await compileContract(`${FIXTURES}/does-not-exist.ts`, { root: ROOT })
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'COMPILE_ENTRY_NOT_FOUND' }] })
  })

  it('an entry outside the root → COMPILE_ENTRY_OUTSIDE_ROOT', async () => {
    const outside = tempDir('tsvm-compile-outside-')
    fs.writeFileSync(path.join(outside, 'Loose.ts'), 'export const x = 1\n')
    const result = await compileContract(path.join(outside, 'Loose.ts'), { root: ROOT })
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'COMPILE_ENTRY_OUTSIDE_ROOT' }] })
  })

  it('every code the compiler emits → registered with a hint', () => {
    for (const [code, entry] of Object.entries(COMPILE_ERRORS)) {
      expect(code).toMatch(/^(COMPILE|ABI)_[A-Z_]+$/)
      expect(entry.hint.length).toBeGreaterThan(10)
    }
  })
})
