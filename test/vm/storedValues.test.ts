import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeStored, type Storable } from '../../contracts/sdk/codec.ts'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { TestChain, addr } from '../support/vmHarness.ts'

const alice = addr('alice')
let vm: Vm
let chain: TestChain
let stored: string

beforeAll(async () => {
  vm = await createVm()
  chain = new TestChain(vm)
  stored = await chain.deploy('test/contracts/stored/Stored.ts', alice)
}, 60_000)
afterAll(() => disposeVm(vm))

const leaf = fc.oneof(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null))
const value = fc.letrec((tie) => ({
  // Spread: plain objects, as a contract makes them (fast-check's dictionaries have no prototype).
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 5 }), fc.dictionary(fc.string().filter((k) => k !== '__proto__' && k !== '$bigint'), tie('v'), { maxKeys: 5 }).map((d) => ({ ...d }))),
})).v
const flat = fc.dictionary(fc.string().filter((k) => k !== '__proto__'), leaf, { maxKeys: 6 }).map((d) => ({ ...d }))

/** The raw string the VM stored for the last `put`. */
function putThroughVm(raw: string): string {
  const out = chain.send(alice, stored, 'put', [raw])
  if (out.status !== 'success') throw new Error(`${out.code}: ${out.reason}`)
  return out.storageChanges.find((c) => c.key === 'v')!.value!
}

describe("the VM's stored-value codec and the SDK's (contracts/sdk/codec.ts)", () => {
  const edges: Storable[] = [0n, -1n, 2n ** 255n, -(2n ** 255n), '', 'n5', '\u00e9\u{1F600}', 0, -0, 1.5e300, -Infinity, Infinity, true, false, null,
    [], {}, [1n, [2n, ['x']]], { a: 1n, b: null, c: 'y' }, { nested: { deep: [true, -0, 10n ** 40n] } }]
  it.each(edges.map((v) => [encodeStored(v)]))('edge value %s: the same string both ways', (raw) => {
    expect(putThroughVm(raw)).toBe(raw)
    expect(chain.read(stored, 'readBack')).toBe(raw)
  })

  it('encode: the VM writes exactly the string the SDK would, for any value (nested, flat, primitives)', () => {
    fc.assert(
      fc.property(fc.oneof(value, flat), (v) => {
        const raw = encodeStored(v as Storable)
        expect(putThroughVm(raw)).toBe(raw)
      }),
      { numRuns: 150 },
    )
  })

  it('decode: what the VM reads back is the value the SDK encoded (re-encoded by the SDK to compare)', () => {
    fc.assert(
      fc.property(fc.oneof(value, flat), (v) => {
        const raw = encodeStored(v as Storable)
        putThroughVm(raw)
        expect(chain.read(stored, 'readBack')).toBe(raw)
      }),
      { numRuns: 150 },
    )
  })

  it('keys: strings, numbers, bigints, booleans and tuples encode the same', () => {
    const key = fc.oneof(fc.string(), fc.integer(), fc.bigInt(), fc.boolean(), fc.array(fc.oneof(fc.string(), fc.bigInt(), fc.integer()), { maxLength: 3 }))
    fc.assert(
      fc.property(key, (k) => {
        const [vmKey, sdkKey] = chain.read(stored, 'keys', [encodeStored(k as Storable)]) as [string, string]
        expect(vmKey).toBe(sdkKey)
      }),
      { numRuns: 100 },
    )
  })
})
