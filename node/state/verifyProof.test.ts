import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryNodeStore } from './MemoryNodeStore.ts'
import { decodeProof, encodeProof, type SparseMerkleProof } from './SparseMerkleProof.ts'
import { proveKey } from './proveKey.ts'
import { hashValue } from './treeHash.ts'
import { updateTree, type TreeChange } from './updateTree.ts'
import { verifyProof } from './verifyProof.ts'
import { EMPTY, key, keyLast, val } from './treeTestKit.ts'


function tree(changes: TreeChange[]) {
  const store = new MemoryNodeStore()
  const u = updateTree(store, EMPTY, changes)
  store.putAll(u.newNodes)
  return { store, root: u.root }
}

const flipBit = (b: Uint8Array, i = 0) => {
  const c = b.slice()
  c[i >> 3]! ^= 0x80 >> (i & 7)
  return c
}

// 0x00.. and 0x40.. share bit 0 and split at bit 1; 0x80.. is alone on the right; the last two differ in their last bit.
const fixture = () =>
  tree([
    { key: key(0x00), value: val('a') },
    { key: key(0x40), value: val('b') },
    { key: key(0x80), value: val('c') },
    { key: keyLast(0xc0, 0), value: val('d') },
    { key: keyLast(0xc0, 1), value: val('e') },
  ])

describe('proveKey / verifyProof', () => {
  it('present keys: the inclusion proof verifies with the value and returns it', () => {
    const { store, root } = fixture()
    for (const [k, v] of [[key(0x00), 'a'], [key(0x40), 'b'], [key(0x80), 'c'], [keyLast(0xc0, 0), 'd'], [keyLast(0xc0, 1), 'e']] as const) {
      const { value, proof } = proveKey(store, root, k)
      expect(value).toEqual(val(v))
      expect(proof.leaf).toBeUndefined()
      expect(verifyProof(root, k, val(v), proof)).toBe(true)
    }
    // The deep pair sits below 256 branches.
    expect(proveKey(store, root, keyLast(0xc0, 1)).proof.depth).toBe(256)
  })

  it('absent key whose path ends in an empty subtree: non-inclusion proof without a leaf verifies', () => {
    const { store, root } = fixture()
    // 0xe0..: bits 1,1,1; the branch of the 0xc0 pair has an empty right side at depth 2.
    const { value, proof } = proveKey(store, root, key(0xe0))
    expect(value).toBeUndefined()
    expect(proof.leaf).toBeUndefined()
    expect(verifyProof(root, key(0xe0), null, proof)).toBe(true)
  })

  it('absent key whose path ends at another leaf: non-inclusion proof carrying that leaf verifies', () => {
    const { store, root } = fixture()
    // 0x90.. follows 0x80.. to its leaf at depth 2.
    const { value, proof } = proveKey(store, root, key(0x90))
    expect(value).toBeUndefined()
    expect(proof.leaf?.key).toEqual(key(0x80))
    expect(verifyProof(root, key(0x90), null, proof)).toBe(true)
  })

  it('empty tree: every key has a zero-depth non-inclusion proof', () => {
    const { value, proof } = proveKey(new MemoryNodeStore(), EMPTY, key(5))
    expect(value).toBeUndefined()
    expect(proof.depth).toBe(0)
    expect(verifyProof(EMPTY, key(5), null, proof)).toBe(true)
    expect(verifyProof(EMPTY, key(5), val('x'), proof)).toBe(false)
  })

  it('a different root: inclusion and non-inclusion proofs fail', () => {
    const { store, root } = fixture()
    const other = tree([{ key: key(0x00), value: val('a') }]).root
    expect(verifyProof(other, key(0x40), val('b'), proveKey(store, root, key(0x40)).proof)).toBe(false)
    expect(verifyProof(flipBit(root, 200), key(0x90), null, proveKey(store, root, key(0x90)).proof)).toBe(false)
  })

  it('a different value, or a false claim of presence or absence: fails', () => {
    const { store, root } = fixture()
    const present = proveKey(store, root, key(0x40)).proof
    expect(verifyProof(root, key(0x40), val('B'), present)).toBe(false)
    expect(verifyProof(root, key(0x40), null, present)).toBe(false)
    const absent = proveKey(store, root, key(0x90)).proof
    expect(verifyProof(root, key(0x90), val('c'), absent)).toBe(false)
    // The neighbour's leaf proves absence of 0x90, not of 0x80 itself.
    expect(verifyProof(root, key(0x80), null, absent)).toBe(false)
    const emptyPath = proveKey(store, root, key(0xe0)).proof
    expect(verifyProof(root, key(0xe0), val(''), emptyPath)).toBe(false)
  })

  it('a tampered sibling, bitmap, depth or leaf: fails', () => {
    const { store, root } = fixture()
    const { proof } = proveKey(store, root, keyLast(0xc0, 1))
    for (let i = 0; i < proof.siblings.length; i++) {
      const siblings = proof.siblings.map((s, j) => (j === i ? flipBit(s, 77) : s))
      expect(verifyProof(root, keyLast(0xc0, 1), val('e'), { ...proof, siblings })).toBe(false)
    }
    expect(verifyProof(root, keyLast(0xc0, 1), val('e'), { ...proof, bitmap: flipBit(proof.bitmap, 100) })).toBe(false)
    expect(verifyProof(root, keyLast(0xc0, 1), val('e'), { ...proof, depth: proof.depth - 1 })).toBe(false)
    const absent = proveKey(store, root, key(0x90)).proof
    expect(verifyProof(root, key(0x90), null, { ...absent, leaf: { key: absent.leaf!.key, valueHash: hashValue(val('x')) } })).toBe(false)
    expect(verifyProof(root, key(0x90), null, { ...absent, leaf: { key: flipBit(absent.leaf!.key, 255), valueHash: absent.leaf!.valueHash } })).toBe(false)
    const { leaf: _, ...withoutLeaf } = absent
    expect(verifyProof(root, key(0x90), null, withoutLeaf)).toBe(false)
  })

  it('a truncated proof: fails as an object, and its truncated bytes do not decode', () => {
    const { store, root } = fixture()
    const { proof } = proveKey(store, root, key(0x40))
    expect(proof.siblings.length).toBeGreaterThan(1)
    expect(verifyProof(root, key(0x40), val('b'), { ...proof, siblings: proof.siblings.slice(0, -1) })).toBe(false)
    expect(verifyProof(root, key(0x40), val('b'), { ...proof, siblings: proof.siblings.slice(1) })).toBe(false)
    const bytes = encodeProof(proof)
    for (let n = 0; n < bytes.length; n++) expect(decodeProof(bytes.subarray(0, n))).toBeUndefined()
    expect(decodeProof(Uint8Array.from([...bytes, 0]))).toBeUndefined()
  })

  it('malformed input: false, never a throw', () => {
    const { store, root } = fixture()
    const { proof } = proveKey(store, root, key(0x40))
    const bad = [
      { ...proof, depth: 257 },
      { ...proof, depth: -1 },
      { ...proof, depth: 1.5 },
      { ...proof, siblings: [...proof.siblings, new Uint8Array(32).fill(1)] },
      { ...proof, siblings: proof.siblings.map(() => new Uint8Array(31)) },
      { ...proof, siblings: proof.siblings.map(() => new Uint8Array(32)) },
    ] as SparseMerkleProof[]
    for (const p of bad) expect(verifyProof(root, key(0x40), val('b'), p)).toBe(false)
    expect(verifyProof(root.subarray(1), key(0x40), val('b'), proof)).toBe(false)
    expect(verifyProof(root, key(0x40).subarray(1), val('b'), proof)).toBe(false)
  })

  it('property: over random sets, each present key proves its value and each absent key its absence, and only that; proofs survive encode/decode', () => {
    const keyArb = fc.oneof(
      fc.record({ a: fc.constantFrom(0x00, 0x01, 0x80, 0xc0), b: fc.integer({ min: 0, max: 7 }) }).map(({ a, b }) => keyLast(a, b)),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
    )
    fc.assert(
      fc.property(fc.array(fc.record({ key: keyArb, value: fc.uint8Array({ maxLength: 5 }) }), { maxLength: 40 }), fc.array(keyArb, { maxLength: 10 }), (entries, queries) => {
        const { store, root } = tree(entries)
        const truth = new Map(entries.map((e) => [Buffer.from(e.key).toString('hex'), e.value]))
        for (const k of [...entries.map((e) => e.key), ...queries]) {
          const expected = truth.get(Buffer.from(k).toString('hex'))
          const { value, proof } = proveKey(store, root, k)
          expect(value).toEqual(expected)
          const decoded = decodeProof(encodeProof(proof))!
          expect(decoded).toEqual(proof)
          expect(verifyProof(root, k, expected ?? null, decoded)).toBe(true)
          expect(verifyProof(root, k, expected === undefined ? val('?') : null, decoded)).toBe(false)
          if (expected) expect(verifyProof(root, k, Uint8Array.from([...expected, 1]), decoded)).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })
})
