import crypto, { createHash } from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryNodeStore } from './MemoryNodeStore.ts'
import { StateView } from './StateView.ts'
import { applyStateChanges } from './applyStateChanges.ts'
import { readTree } from './readTree.ts'
import { updateTree, type TreeChange } from './updateTree.ts'

// Measurements are printed, never asserted (DESIGN §9): the test checks results only.
// Hashes are counted by wrapping crypto.hash for the duration of this file (ESM bindings of
// builtins follow syncBuiltinESMExports), so the count is exact, not estimated.
let hashes = 0
const realHash = crypto.hash
beforeAll(() => {
  crypto.hash = ((...args: Parameters<typeof realHash>) => (hashes++, realHash(...args))) as typeof realHash
  syncBuiltinESMExports()
})
afterAll(() => {
  crypto.hash = realHash
  syncBuiltinESMExports()
})

const rand = (seed: string) => createHash('sha256').update(seed).digest()
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const median = (xs: number[]) => sorted(xs)[xs.length >> 1]!
const ms = (x: number) => x.toFixed(1)

describe('scale', () => {
  it('100,000 random keys in batches of 1,000, then blocks of 1,000 ERC20-like transfers: all values read back', () => {
    // How fast this machine hashes right now, to read the numbers below against (shared CI boxes vary).
    const probe = Buffer.alloc(65)
    const t0 = performance.now()
    for (let i = 0; i < 100_000; i++) (probe[1] = i & 255), realHash('sha256', probe, 'hex')
    const rawRate = 100_000 / ((performance.now() - t0) / 1000)

    const store = new MemoryNodeStore()
    let root: Uint8Array = new Uint8Array(32)
    const times: number[] = []
    const written: number[] = []
    let hashed = 0
    for (let b = 0; b < 100; b++) {
      const changes: TreeChange[] = Array.from({ length: 1000 }, (_, i) => ({ key: rand(`k${b * 1000 + i}`), value: rand(`v${b * 1000 + i}`).subarray(0, 8) }))
      const before = hashes
      const t = performance.now()
      const u = updateTree(store, root, changes)
      times.push(performance.now() - t)
      hashed += hashes - before
      written.push(u.newNodes.size)
      store.putAll(u.newNodes)
      root = u.root
    }
    const total = times.reduce((a, b) => a + b, 0)
    console.log(
      `[state] raw sha256 (65 B) on this machine now: ${Math.round(rawRate)} hashes/s\n` +
        `[state] 100k inserts, 100 batches of 1,000: total ${ms(total)} ms; per batch first ${ms(times[0]!)} / median ${ms(median(times))} / last ${ms(times[99]!)} ms; ` +
        `nodes written per batch first ${written[0]} / median ${median(written)} / last ${written[99]}; ${Math.round(hashed / 100)} hashes per batch, ${Math.round(hashed / (total / 1000))} hashes/s of update time; store ${store.nodes.size} nodes\n` +
        `[state] every batch, ms: ${times.map((x) => Math.round(x)).join(' ')}`,
    )
    for (let i = 0; i < 100_000; i += 997) expect(Buffer.from(readTree(store, root, rand(`k${i}`))!)).toEqual(rand(`v${i}`).subarray(0, 8))

    // Blocks: 1,000 transfers of one token among 10,000 holders; each writes 4 storage slots
    // (two balances, the sender's counter, one new history slot) and 2 accounts (sender, recipient).
    const token = '0x' + '70'.repeat(20)
    const holder = (i: number) => '0x' + rand(`h${i}`).toString('hex', 0, 20)
    const blockTimes: number[] = []
    const blockNodes: number[] = []
    const blockHashes: number[] = []
    let expected = new Map<string, string>()
    let distinct = 0
    for (let block = 0; block < 12; block++) {
      const storage: { contract: string; key: string; value: string }[] = []
      const accounts: { address: string; account: { nonce: bigint; balance: bigint } }[] = []
      expected = new Map()
      for (let tx = 0; tx < 1000; tx++) {
        const r = rand(`b${block}t${tx}`)
        const from = holder(r.readUInt32BE(0) % 10_000)
        const to = holder(r.readUInt32BE(4) % 10_000)
        const amount = String(r.readUInt32BE(8))
        storage.push(
          { contract: token, key: `bal:${from}`, value: amount },
          { contract: token, key: `bal:${to}`, value: amount + '0' },
          { contract: token, key: `n:${from}`, value: String(block * 1000 + tx) },
          { contract: token, key: `h:${block}:${tx}`, value: `${from}>${to}:${amount}` },
        )
        accounts.push({ address: from, account: { nonce: BigInt(block * 1000 + tx), balance: 10n ** 21n } }, { address: to, account: { nonce: 7n, balance: BigInt(amount) } })
        expected.set(`h:${block}:${tx}`, `${from}>${to}:${amount}`)
      }
      distinct = new Set([...storage.map((s) => s.key), ...accounts.map((a) => a.address)]).size
      const before = hashes
      const t = performance.now()
      const u = applyStateChanges(store, root, { accounts, storage })
      blockTimes.push(performance.now() - t)
      blockHashes.push(hashes - before)
      blockNodes.push(u.newNodes.size)
      store.putAll(u.newNodes)
      root = u.root
    }
    // The first blocks also warm up (JIT, new holders); report the steady ones.
    const steady = blockTimes.slice(2)
    console.log(
      `[state] blocks of 1,000 transfers (6,000 writes, ${distinct} distinct keys; 4,000 storage + 2,000 account) on the ${store.nodes.size}-node store: ` +
        `per block min ${ms(sorted(steady)[0]!)} / median ${ms(median(steady))} / max ${ms(Math.max(...steady))} ms, key derivation and encoding included ` +
        `(median ≈ ${Math.round(1000 / (median(steady) / 1000))} tx/s for the state update alone); per block ${median(blockHashes)} hashes, ${median(blockNodes)} nodes written`,
    )
    // Reads through a fresh view (empty cache), timed apart from the assertions.
    const view = new StateView(store, root)
    const keys = [...expected.keys()]
    let t = performance.now()
    const got = keys.map((k) => view.getStorage(token, k))
    const presentUs = ((performance.now() - t) * 1000) / keys.length
    t = performance.now()
    const absent = keys.map((k) => view.getStorage(token, 'absent' + k))
    const absentUs = ((performance.now() - t) * 1000) / keys.length
    console.log(`[state] uncached reads through StateView (key derivation included): ${presentUs.toFixed(1)} µs per present slot, ${absentUs.toFixed(1)} µs per absent one`)
    expect(got).toEqual(keys.map((k) => expected.get(k)))
    expect(absent.every((v) => v === undefined)).toBe(true)
  })
})
