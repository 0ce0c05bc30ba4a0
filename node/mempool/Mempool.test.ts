import { describe, expect, it } from 'vitest'
import { Mempool, addToPool, prunePool, removeFromPool, selectForBlock, type PoolEntry } from './Mempool.ts'

const limits = { maxTransactions: 5, maxPerSender: 3, maxNonceGap: 4, minGasPrice: 1n, replaceBumpPercent: 10 }
let n = 0
const tx = (sender: string, nonce: number, gasPrice: bigint, maxCost = 100n): PoolEntry<null> => ({ hash: `h${n++}`, sender, nonce: BigInt(nonce), gasPrice, maxCost, size: 100, tx: null })
const rich = { nonce: 0n, balance: 10n ** 18n }

describe('Mempool', () => {
  it('rejects: below min price FEE_TOO_LOW, used nonce NONCE_TOO_LOW, far nonce NONCE_GAP, duplicate ALREADY_KNOWN', () => {
    const p = new Mempool<null>(limits)
    expect(addToPool(p, tx('a', 0, 0n), rich)).toEqual({ ok: false, code: 'MEMPOOL_FEE_TOO_LOW' })
    expect(addToPool(p, tx('a', 0, 5n), { nonce: 1n, balance: 1000n })).toEqual({ ok: false, code: 'MEMPOOL_NONCE_TOO_LOW' })
    expect(addToPool(p, tx('a', 5, 5n), rich)).toEqual({ ok: false, code: 'MEMPOOL_NONCE_GAP' })
    const t = tx('a', 0, 5n)
    expect(addToPool(p, t, rich).ok).toBe(true)
    expect(addToPool(p, t, rich)).toEqual({ ok: false, code: 'MEMPOOL_ALREADY_KNOWN' })
  })

  it('the gap counts from the pooled run of nonces: a wallet sending many at once is not gapped, a hole is', () => {
    const p = new Mempool<null>({ ...limits, maxTransactions: 100, maxPerSender: 100 })
    for (let n = 0; n < 8; n++) expect(addToPool(p, tx('a', n, 5n), rich).ok).toBe(true)
    const far = limits.maxNonceGap + 8
    expect(addToPool(p, tx('a', far, 5n), rich).ok).toBe(true)
    expect(addToPool(p, tx('a', far + 1, 5n), rich)).toEqual({ ok: false, code: 'MEMPOOL_NONCE_GAP' })
  })

  it('replace-by-fee: needs +10%; the old transaction leaves the pool', () => {
    const p = new Mempool<null>(limits)
    const old = tx('a', 0, 100n)
    addToPool(p, old, rich)
    expect(addToPool(p, tx('a', 0, 109n), rich)).toEqual({ ok: false, code: 'MEMPOOL_REPLACEMENT_UNDERPRICED' })
    const r = addToPool(p, tx('a', 0, 110n), rich)
    expect(r).toMatchObject({ ok: true, replaced: old.hash })
    expect(p.byHash.has(old.hash)).toBe(false)
    expect(p.size).toBe(1)
  })

  it('per-sender limit: SENDER_LIMIT; balance must cover earlier pending ones: INSUFFICIENT_BALANCE', () => {
    const p = new Mempool<null>(limits)
    for (let i = 0; i < 3; i++) expect(addToPool(p, tx('a', i, 2n), rich).ok).toBe(true)
    expect(addToPool(p, tx('a', 3, 2n), rich)).toEqual({ ok: false, code: 'MEMPOOL_SENDER_LIMIT' })
    const poor = { nonce: 0n, balance: 150n }
    expect(addToPool(p, tx('b', 0, 2n, 100n), poor).ok).toBe(true)
    expect(addToPool(p, tx('b', 1, 2n, 100n), poor)).toEqual({ ok: false, code: 'MEMPOOL_INSUFFICIENT_BALANCE' })
  })

  it('full: evicts the cheapest (a highest nonce), or refuses with FULL if nothing is cheaper', () => {
    const p = new Mempool<null>(limits)
    for (const s of ['a', 'b', 'c', 'd', 'e']) addToPool(p, tx(s, 0, s === 'c' ? 1n : 5n), rich)
    expect(addToPool(p, tx('f', 0, 1n), rich)).toEqual({ ok: false, code: 'MEMPOOL_FULL' })
    const r = addToPool(p, tx('f', 0, 9n), rich)
    expect(r.ok && r.evicted).toBeTruthy()
    expect([...p.bySender.keys()].sort()).toEqual(['a', 'b', 'd', 'e', 'f'])
  })

  it('selectForBlock: nonce order per sender, highest gas price first across senders, no gaps', () => {
    const p = new Mempool<null>({ ...limits, maxTransactions: 100 })
    const a0 = tx('a', 0, 1n), a1 = tx('a', 1, 50n), b0 = tx('b', 0, 10n), c2 = tx('c', 2, 99n)
    for (const t of [a0, a1, b0, c2]) addToPool(p, t, rich)
    const picked = selectForBlock(p, () => rich, 10).map((e) => e.hash)
    expect(picked).toEqual([b0.hash, a0.hash, a1.hash])
    expect(selectForBlock(p, () => rich, 2)).toHaveLength(2)
  })

  it('prunePool: drops mined nonces and what the new balance cannot cover', () => {
    const p = new Mempool<null>({ ...limits, maxTransactions: 100 })
    const a0 = tx('a', 0, 2n), a1 = tx('a', 1, 2n), a2 = tx('a', 2, 2n)
    for (const t of [a0, a1, a2]) addToPool(p, t, rich)
    const dropped = prunePool(p, () => ({ nonce: 1n, balance: 100n }))
    expect(dropped.sort()).toEqual([a0.hash, a2.hash].sort())
    expect(removeFromPool(p, a1.hash)?.hash).toBe(a1.hash)
    expect(p.size).toBe(0)
  })
})
