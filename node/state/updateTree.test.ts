import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryNodeStore } from './MemoryNodeStore.ts'
import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import { pageSlot } from './TreePage.ts'
import { missingNodes } from './missingNodes.ts'
import { proveKey } from './proveKey.ts'
import { readTree } from './readTree.ts'
import { toHex } from './treeHash.ts'
import vectors from './treeVectors.json' with { type: 'json' }
import { updateTree, type TreeChange } from './updateTree.ts'
import { EMPTY, key, keyLast, val } from './treeTestKit.ts'

// ---- an independent reference: the compact tree's root computed from the whole set at once,
// with @noble/hashes instead of node:crypto and its own bit arithmetic.
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) (out.set(p, at), (at += p.length))
  return out
}
const refLeaf = (key: Uint8Array, value: Uint8Array) => sha256(cat(Uint8Array.of(0), key, sha256(value)))
const refBranch = (l: Uint8Array, r: Uint8Array) => sha256(cat(Uint8Array.of(1), l, r))
const ZERO = new Uint8Array(32)
function referenceRoot(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const items = [...entries].map(([k, v]) => ({ key: Buffer.from(k, 'hex'), value: v }))
  const rec = (set: typeof items, depth: number): Uint8Array => {
    if (set.length === 0) return ZERO
    if (set.length === 1) return refLeaf(set[0]!.key, set[0]!.value)
    const bit = (k: Uint8Array) => Math.floor(k[Math.floor(depth / 8)]! / 2 ** (7 - (depth % 8))) % 2
    return refBranch(rec(set.filter((i) => bit(i.key) === 0), depth + 1), rec(set.filter((i) => bit(i.key) === 1), depth + 1))
  }
  return rec(items, 0)
}

/** Every node hash reachable from a root. */
function reachable(store: NodeStore, root: Uint8Array): Set<string> {
  const seen = new Set<string>()
  const walk = (h: string) => {
    if (/^0+$/.test(h)) return
    seen.add(h)
    const bytes = Buffer.from(store.get(h)!)
    if (bytes[0] !== 0x00) for (let i = 0; i < 16; i++) walk(pageSlot(bytes, i).hash)
  }
  walk(toHex(root))
  return seen
}


/** Apply a batch, commit its nodes to the store, return the new root. */
function commit(store: MemoryNodeStore, root: Uint8Array, changes: TreeChange[]): Uint8Array {
  const u = updateTree(store, root, changes)
  store.putAll(u.newNodes)
  return u.root
}

// Keys from a small pool with long shared prefixes (down to the last bit), plus random ones,
// so generated trees have deep paths, empty siblings and leaves that move when others go.
const keyArb = fc.oneof(
  fc.record({ a: fc.constantFrom(0x00, 0x01, 0x80, 0x81), b: fc.integer({ min: 0, max: 7 }) }).map(({ a, b }) => keyLast(a, b)),
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
)
const changeArb = fc.record({ key: keyArb, value: fc.option(fc.uint8Array({ maxLength: 6 }), { nil: null }) })

function applyToMap(map: Map<string, Uint8Array>, changes: readonly TreeChange[]) {
  for (const c of changes) c.value === null ? map.delete(toHex(c.key)) : map.set(toHex(c.key), c.value)
}

describe('updateTree', () => {
  it('the independent reference computes the roots recorded in treeVectors.json', () => {
    const map = new Map<string, Uint8Array>()
    const apply = (list: { key: string; value: string | null }[]) => {
      for (const c of list) c.value === null ? map.delete(c.key) : map.set(c.key, Buffer.from(c.value, 'hex'))
    }
    apply(vectors.insert)
    expect(toHex(referenceRoot(map))).toBe(vectors.roots.afterInsert)
    apply(vectors.update)
    expect(toHex(referenceRoot(map))).toBe(vectors.afterUpdate)
  })

  it('empty tree: root is 32 zero bytes; no changes or deletes of absent keys keep it and write nothing', () => {
    const store = new MemoryNodeStore()
    expect(updateTree(store, EMPTY, []).root).toEqual(EMPTY)
    const u = updateTree(store, EMPTY, [{ key: key(1), value: null }, { key: key(2), value: null }])
    expect(u.root).toEqual(EMPTY)
    expect(u.newNodes.size).toBe(0)
    expect(u.staleNodes).toEqual([])
  })

  it('one key: root is H(0x00 || key || H(value)) and one node is written', () => {
    const store = new MemoryNodeStore()
    const u = updateTree(store, EMPTY, [{ key: key(7), value: val('v') }])
    expect(u.root).toEqual(refLeaf(key(7), val('v')))
    expect(u.newNodes.size).toBe(1)
    store.putAll(u.newNodes)
    expect(readTree(store, u.root, key(7))).toEqual(val('v'))
    expect(readTree(store, u.root, key(8))).toBeUndefined()
  })

  it('two keys differing in the first bit: root is H(0x01 || left leaf || right leaf) whatever the order', () => {
    const expected = refBranch(refLeaf(key(0x00), val('a')), refLeaf(key(0x80), val('b')))
    expect(updateTree(new MemoryNodeStore(), EMPTY, [{ key: key(0x80), value: val('b') }, { key: key(0x00), value: val('a') }]).root).toEqual(expected)
    expect(updateTree(new MemoryNodeStore(), EMPTY, [{ key: key(0x00), value: val('a') }, { key: key(0x80), value: val('b') }]).root).toEqual(expected)
  })

  it('two keys sharing 3 bits: their branch sits at depth 3 under branches with empty siblings', () => {
    // 0b0010_0000 and 0b0011_0000 share bits 0..2 and differ at bit 3.
    const a = key(0x20)
    const b = key(0x30)
    const at3 = refBranch(refLeaf(a, val('a')), refLeaf(b, val('b')))
    // Path bits 0, 0, 1: left, left, right.
    const expected = refBranch(refBranch(refBranch(ZERO, at3), ZERO), ZERO)
    const u = updateTree(new MemoryNodeStore(), EMPTY, [{ key: a, value: val('a') }, { key: b, value: val('b') }])
    expect(u.root).toEqual(expected)
    // Stored: the two leaves and one page holding the four levels of branches.
    expect(u.newNodes.size).toBe(3)
  })

  it('keys differing only in the last bit: a path 256 branches deep, readable and matching the reference', () => {
    const store = new MemoryNodeStore()
    const entries = new Map([[toHex(keyLast(5, 0)), val('x')], [toHex(keyLast(5, 1)), val('y')]])
    const root = commit(store, EMPTY, [{ key: keyLast(5, 0), value: val('x') }, { key: keyLast(5, 1), value: val('y') }])
    expect(root).toEqual(referenceRoot(entries))
    expect(readTree(store, root, keyLast(5, 1))).toEqual(val('y'))
    expect(readTree(store, root, keyLast(5, 2))).toBeUndefined()
  })

  it('many keys: root matches the reference and every value reads back', () => {
    const store = new MemoryNodeStore()
    const changes = Array.from({ length: 500 }, (_, i) => ({ key: sha256(val(`k${i}`)), value: val(`v${i}`) }))
    const root = commit(store, EMPTY, changes)
    const map = new Map<string, Uint8Array>()
    applyToMap(map, changes)
    expect(root).toEqual(referenceRoot(map))
    for (const c of changes) expect(readTree(store, root, c.key)).toEqual(c.value)
    expect(readTree(store, root, sha256(val('absent')))).toBeUndefined()
  })

  it('updating values changes the root to the reference root of the new set', () => {
    const store = new MemoryNodeStore()
    const keys = Array.from({ length: 50 }, (_, i) => sha256(val(`k${i}`)))
    const r1 = commit(store, EMPTY, keys.map((k) => ({ key: k, value: val('old') })))
    const r2 = commit(store, r1, keys.slice(0, 10).map((k) => ({ key: k, value: val('new') })))
    const map = new Map(keys.map((k, i) => [toHex(k), val(i < 10 ? 'new' : 'old')]))
    expect(r2).toEqual(referenceRoot(map))
    expect(r2).not.toEqual(r1)
  })

  it('deleting every key, in one batch or one at a time, gives back the empty root', () => {
    const store = new MemoryNodeStore()
    const keys = [keyLast(0, 0), keyLast(0, 1), key(0x80), key(0x81), sha256(val('a')), sha256(val('b'))]
    const full = commit(store, EMPTY, keys.map((k) => ({ key: k, value: val('v') })))
    expect(updateTree(store, full, keys.map((k) => ({ key: k, value: null }))).root).toEqual(EMPTY)
    let root = full
    for (const k of keys) root = commit(store, root, [{ key: k, value: null }])
    expect(root).toEqual(EMPTY)
  })

  it('deleting one of two deep neighbours moves the other leaf up to the root', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, [{ key: keyLast(3, 0), value: val('a') }, { key: keyLast(3, 1), value: val('b') }])
    const u = updateTree(store, root, [{ key: keyLast(3, 1), value: null }])
    expect(u.root).toEqual(refLeaf(keyLast(3, 0), val('a')))
    // The surviving leaf keeps its hash, so nothing is written.
    expect(u.newNodes.size).toBe(0)
  })

  it('setting a key to its current value keeps the root and writes nothing', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, [{ key: key(1), value: val('a') }, { key: key(0x90), value: val('b') }])
    const u = updateTree(store, root, [{ key: key(1), value: val('a') }])
    expect(u.root).toEqual(root)
    expect(u.newNodes.size).toBe(0)
    expect(u.staleNodes).toEqual([])
  })

  it('a key changed twice in one batch takes its last change', () => {
    const u = updateTree(new MemoryNodeStore(), EMPTY, [{ key: key(1), value: val('a') }, { key: key(1), value: val('b') }, { key: key(2), value: val('c') }, { key: key(2), value: null }])
    expect(u.root).toEqual(refLeaf(key(1), val('b')))
  })

  it('old roots still answer reads after later updates', () => {
    const store = new MemoryNodeStore()
    const history: { root: Uint8Array; map: Map<string, Uint8Array> }[] = []
    const map = new Map<string, Uint8Array>()
    let root: Uint8Array = EMPTY
    for (let round = 0; round < 10; round++) {
      const changes = Array.from({ length: 20 }, (_, i) => ({ key: sha256(val(`k${(round * 7 + i) % 40}`)), value: i % 5 === 0 ? null : val(`r${round}`) }))
      root = commit(store, root, changes)
      applyToMap(map, changes)
      history.push({ root, map: new Map(map) })
    }
    for (const { root: r, map: m } of history) {
      for (let i = 0; i < 40; i++) {
        const k = sha256(val(`k${i}`))
        expect(readTree(store, r, k)).toEqual(m.get(toHex(k)))
      }
    }
  })

  it('a store missing a node the update needs: MissingNodeError naming that node', () => {
    const full = new MemoryNodeStore()
    const root = commit(full, EMPTY, [{ key: key(1), value: val('a') }, { key: key(0x80), value: val('b') }])
    expect(() => updateTree(new MemoryNodeStore(), root, [{ key: key(2), value: val('c') }])).toThrow(MissingNodeError)
    const caught = (() => {
      try {
        readTree(new MemoryNodeStore(), root, key(1))
      } catch (e) {
        return e
      }
    })()
    expect(caught).toBeInstanceOf(MissingNodeError)
    expect((caught as MissingNodeError).hash).toBe(toHex(root))
  })

  it('a key that is not 32 bytes: TypeError', () => {
    expect(() => updateTree(new MemoryNodeStore(), EMPTY, [{ key: new Uint8Array(31), value: val('a') }])).toThrow(TypeError)
  })

  it('property: the root depends only on the final key/value set, not on insertion order or batching, and matches the reference', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (changes, batch, seed) => {
        const map = new Map<string, Uint8Array>()
        applyToMap(map, changes)
        // Sequential batches of the changes as given.
        const store = new MemoryNodeStore()
        let root: Uint8Array = EMPTY
        for (let i = 0; i < changes.length; i += batch) root = commit(store, root, changes.slice(i, i + batch))
        expect(root).toEqual(referenceRoot(map))
        // The final set inserted in one shuffled batch into a fresh tree.
        const final = [...map].map(([k, v]) => ({ key: Buffer.from(k, 'hex'), value: v }))
        const shuffled = final.map((c, i) => ({ c, r: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 })).sort((a, b) => a.r - b.r).map((x) => x.c)
        expect(updateTree(new MemoryNodeStore(), EMPTY, shuffled).root).toEqual(root)
        for (const [k, v] of map) expect(readTree(store, root, Buffer.from(k, 'hex'))).toEqual(v)
      }),
      { numRuns: 300 },
    )
  })

  it('property: newNodes and staleNodes are exactly the nodes the new root gained and the old root lost', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 40 }), fc.array(changeArb, { maxLength: 20 }), (first, second) => {
        const store = new MemoryNodeStore()
        const before = commit(store, EMPTY, first)
        const u = updateTree(store, before, second)
        store.putAll(u.newNodes)
        const oldSet = reachable(store, before)
        const newSet = reachable(store, u.root)
        expect(new Set(u.staleNodes)).toEqual(new Set([...oldSet].filter((h) => !newSet.has(h))))
        expect(new Set(u.newNodes.keys())).toEqual(new Set([...newSet].filter((h) => !oldSet.has(h))))
      }),
      { numRuns: 300 },
    )
  })

  it('property: loading what missingNodes names until it names nothing lets a cold cache serve updates, reads and proofs', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { minLength: 1, maxLength: 60 }), fc.array(changeArb, { minLength: 1, maxLength: 20 }), (first, second) => {
        const disk = new MemoryNodeStore()
        const root = commit(disk, EMPTY, first)
        const warm = (mode: 'none' | 'matching' | 'all') => {
          const cache = new MemoryNodeStore()
          let rounds = 0
          for (let missing = missingNodes(cache, root, second, mode); missing.length > 0; missing = missingNodes(cache, root, second, mode), rounds++) {
            for (const h of missing) cache.nodes.set(h, disk.get(h)!)
          }
          // One round per page level on the path, plus one for leaves.
          expect(rounds).toBeLessThanOrEqual(66)
          return cache
        }
        expect(updateTree(warm('none'), root, second).root).toEqual(updateTree(disk, root, second).root)
        const forReads = warm('matching')
        for (const c of second) expect(readTree(forReads, root, c.key)).toEqual(readTree(disk, root, c.key))
        const forProofs = warm('all')
        for (const c of second) expect(proveKey(forProofs, root, c.key)).toEqual(proveKey(disk, root, c.key))
      }),
      { numRuns: 200 },
    )
  })

  it('an absent key whose path ends at another leaf is answered from the page: the leaf is never read', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, [{ key: key(0x10), value: val('a') }, { key: key(0x20), value: val('b') }, { key: key(0x80), value: val('c') }])
    const leafHash = toHex(refLeaf(key(0x80), val('c')))
    const reads: string[] = []
    const spy: NodeStore = { get: (h) => (reads.push(h), store.get(h)) }
    expect(readTree(spy, root, key(0x90))).toBeUndefined()
    expect(reads).not.toContain(leafHash)
    expect(readTree(spy, root, key(0x80))).toEqual(val('c'))
    expect(reads).toContain(leafHash)
  })

  it('updating keys never reads a leaf (pages record their leaves), except a root that is a leaf', () => {
    const store = new MemoryNodeStore()
    const keys = Array.from({ length: 300 }, (_, i) => sha256(val(`k${i}`)))
    const root = commit(store, EMPTY, keys.map((k) => ({ key: k, value: val('v') })))
    const reads: Uint8Array[] = []
    const spy: NodeStore = { get: (h) => { const b = store.get(h); if (b) reads.push(b); return b } }
    updateTree(spy, root, [...keys.slice(0, 50).map((k) => ({ key: k, value: val('w') })), ...keys.slice(50, 100).map((k) => ({ key: k, value: null }))])
    expect(reads.length).toBeGreaterThan(0)
    expect(reads.every((b) => b[0] === 0x02)).toBe(true)
  })

  it('corrupt stored bytes (a page cut short, an unknown tag): an error, not a wrong answer', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, [{ key: key(0x10), value: val('a') }, { key: key(0x80), value: val('b') }])
    const page = store.get(toHex(root))!
    const cut = new MemoryNodeStore()
    cut.nodes.set(toHex(root), page.subarray(0, page.length - 1))
    expect(() => updateTree(cut, root, [{ key: key(0x11), value: val('c') }])).toThrow()
    expect(() => proveKey(cut, root, key(0x10))).toThrow()
    const tagged = new MemoryNodeStore()
    tagged.nodes.set(toHex(root), Uint8Array.from([7, ...page.subarray(1)]))
    expect(() => readTree(tagged, root, key(0x10))).toThrow()
    expect(() => updateTree(tagged, root, [{ key: key(0x11), value: val('c') }])).toThrow()
  })
})
