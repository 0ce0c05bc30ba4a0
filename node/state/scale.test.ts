import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MemoryNodeStore } from './MemoryNodeStore.ts'
import { StateView } from './StateView.ts'
import { applyStateChanges } from './applyStateChanges.ts'
import { readTree } from './readTree.ts'
import { updateTree, type TreeChange } from './updateTree.ts'

// Measurements are printed, never asserted (DESIGN §9): tests check results only.
const rand = (seed: string) => createHash('sha256').update(seed).digest()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const ms = (x: number) => x.toFixed(1)

/** Hashes an update computed: a new leaf costs two (value, leaf), a new branch one. */
const hashesOf = (nodes: Map<string, Uint8Array>) => [...nodes.values()].reduce((n, b) => n + (b[0] === 0 ? 2 : 1), 0)

describe('scale', () => {
  it('100,000 random keys in batches of 1,000, then blocks of 1,000 ERC20-like transfers: all values read back', () => {
    const store = new MemoryNodeStore()
    let root: Uint8Array = new Uint8Array(32)
    const times: number[] = []
    const written: number[] = []
    let hashes = 0
    for (let b = 0; b < 100; b++) {
      const changes: TreeChange[] = Array.from({ length: 1000 }, (_, i) => ({ key: rand(`k${b * 1000 + i}`), value: rand(`v${b * 1000 + i}`).subarray(0, 8) }))
      const t = performance.now()
      const u = updateTree(store, root, changes)
      times.push(performance.now() - t)
      written.push(u.newNodes.size)
      hashes += hashesOf(u.newNodes)
      store.putAll(u.newNodes)
      root = u.root
    }
    const total = times.reduce((a, b) => a + b, 0)
    console.log(
      `[state] 100k inserts in 100 batches of 1,000: total ${ms(total)} ms; per batch first ${ms(times[0]!)} / median ${ms(median(times))} / last ${ms(times[99]!)} ms; ` +
        `nodes written per batch first ${written[0]} / last ${written[99]}; ${Math.round(hashes / (total / 1000))} hashes/s (of update time); store ${store.nodes.size} nodes`,
    )
    for (let i = 0; i < 100_000; i += 997) expect(Buffer.from(readTree(store, root, rand(`k${i}`))!)).toEqual(rand(`v${i}`).subarray(0, 8))

    // Blocks: 1,000 transfers of one token among 10,000 holders; each writes 4 storage slots
    // (two balances, the sender's counter, one new history slot) and 2 accounts (sender, recipient).
    const token = '0x' + '70'.repeat(20)
    const holder = (i: number) => '0x' + rand(`h${i}`).toString('hex', 0, 20)
    const blockTimes: number[] = []
    const blockNodes: number[] = []
    let expected = new Map<string, string>()
    for (let block = 0; block < 8; block++) {
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
      const t = performance.now()
      const u = applyStateChanges(store, root, { accounts, storage })
      blockTimes.push(performance.now() - t)
      blockNodes.push(u.newNodes.size)
      store.putAll(u.newNodes)
      root = u.root
    }
    // The first block also warms up; report the rest.
    const steady = blockTimes.slice(1)
    console.log(
      `[state] blocks of 1,000 transfers (6,000 writes: 4,000 storage + 2,000 account, before de-duplication) on the ${store.nodes.size}-node tree: ` +
        `first ${ms(blockTimes[0]!)} ms, then median ${ms(median(steady))} / max ${ms(Math.max(...steady))} ms per block ` +
        `(≈ ${Math.round(1000 / (median(steady) / 1000))} tx/s for the state update alone); nodes written per block median ${median(blockNodes)}`,
    )
    const view = new StateView(store, root)
    for (const [k, v] of expected) expect(view.getStorage(token, k)).toBe(v)
  })
})
