/**
 * The transaction pool: bounded, ordered by fee and nonce, with replace-by-fee, eviction of the
 * cheapest transaction when full, and per-sender limits. It holds transactions opaquely (`T`)
 * with the few facts it orders them by; signature and chain checks happen before `addToPool`.
 */
export interface PoolEntry<T> {
  readonly hash: string
  readonly sender: string
  readonly nonce: bigint
  readonly gasPrice: bigint
  /** Most this transaction can take from the sender: gasLimit × gasPrice + value. */
  readonly maxCost: bigint
  readonly size: number
  readonly tx: T
}

export interface MempoolLimits {
  readonly maxTransactions: number
  readonly maxPerSender: number
  /** How far past the sender's next nonce a transaction may be queued. */
  readonly maxNonceGap: number
  readonly minGasPrice: bigint
  /** Replacement needs a gas price at least this many percent higher. */
  readonly replaceBumpPercent: number
}

export const MEMPOOL_ERRORS = {
  MEMPOOL_ALREADY_KNOWN: 'this transaction is already in the pool',
  MEMPOOL_NONCE_TOO_LOW: 'the nonce was already used; fetch the account nonce and sign again',
  MEMPOOL_NONCE_GAP: 'the nonce is too far ahead of the account nonce; send the missing nonces first',
  MEMPOOL_FEE_TOO_LOW: 'the gas price is below the node minimum; raise it',
  MEMPOOL_REPLACEMENT_UNDERPRICED: 'a transaction with this nonce is pending; a replacement needs a higher gas price (+10%)',
  MEMPOOL_SENDER_LIMIT: 'this sender has too many pending transactions; wait for some to be mined',
  MEMPOOL_FULL: 'the pool is full and this gas price is not above the cheapest pending one',
  MEMPOOL_INSUFFICIENT_BALANCE: 'the balance cannot cover this transaction after the pending ones before it',
} as const
export type MempoolErrorCode = keyof typeof MEMPOOL_ERRORS

export type AddResult = { readonly ok: true; readonly replaced?: string; readonly evicted?: string } | { readonly ok: false; readonly code: MempoolErrorCode }

/** What the pool needs to know of a sender's account at the head. */
export interface SenderState {
  readonly nonce: bigint
  readonly balance: bigint
}

export class Mempool<T> {
  /** sender → nonce → entry */
  readonly bySender = new Map<string, Map<bigint, PoolEntry<T>>>()
  readonly byHash = new Map<string, PoolEntry<T>>()
  /** Arrival order, the tiebreak among equal gas prices (first come, first served). */
  readonly arrival = new Map<string, number>()
  seq = 0
  constructor(readonly limits: MempoolLimits) {}
  get size(): number {
    return this.byHash.size
  }
}

/** Add a transaction, replacing or evicting as the rules allow. */
export function addToPool<T>(pool: Mempool<T>, e: PoolEntry<T>, account: SenderState): AddResult {
  const { limits } = pool
  if (pool.byHash.has(e.hash)) return { ok: false, code: 'MEMPOOL_ALREADY_KNOWN' }
  if (e.gasPrice < limits.minGasPrice) return { ok: false, code: 'MEMPOOL_FEE_TOO_LOW' }
  if (e.nonce < account.nonce) return { ok: false, code: 'MEMPOOL_NONCE_TOO_LOW' }
  const mine = pool.bySender.get(e.sender) ?? new Map<bigint, PoolEntry<T>>()
  // The gap is counted from the sender's next nonce after what is already pooled without a hole
  // (a wallet sending many at once is not gapped), and is bounded, as the pool per sender is.
  let next = account.nonce
  while (mine.has(next)) next++
  if (e.nonce > next + BigInt(limits.maxNonceGap)) return { ok: false, code: 'MEMPOOL_NONCE_GAP' }
  const existing = mine.get(e.nonce)
  if (existing) {
    if (e.gasPrice * 100n < existing.gasPrice * BigInt(100 + limits.replaceBumpPercent)) return { ok: false, code: 'MEMPOOL_REPLACEMENT_UNDERPRICED' }
  } else if (mine.size >= limits.maxPerSender) return { ok: false, code: 'MEMPOOL_SENDER_LIMIT' }
  // Balance must cover every pending transaction of this sender up to and including this one.
  let committed = 0n
  for (const [n, p] of mine) if (n < e.nonce) committed += p.maxCost
  if (account.balance < committed + e.maxCost) return { ok: false, code: 'MEMPOOL_INSUFFICIENT_BALANCE' }
  let evicted: string | undefined
  if (!existing && pool.size >= limits.maxTransactions) {
    const victim = cheapestEvictable(pool)
    if (!victim || victim.gasPrice >= e.gasPrice) return { ok: false, code: 'MEMPOOL_FULL' }
    removeFromPool(pool, victim.hash)
    evicted = victim.hash
  }
  if (existing) removeFromPool(pool, existing.hash)
  const again = pool.bySender.get(e.sender) ?? new Map<bigint, PoolEntry<T>>()
  again.set(e.nonce, e)
  pool.bySender.set(e.sender, again)
  pool.byHash.set(e.hash, e)
  pool.arrival.set(e.hash, pool.seq++)
  return { ok: true, ...(existing ? { replaced: existing.hash } : {}), ...(evicted ? { evicted } : {}) }
}

/** The cheapest transaction whose removal leaves no nonce gap: some sender's highest nonce. */
function cheapestEvictable<T>(pool: Mempool<T>): PoolEntry<T> | undefined {
  let victim: PoolEntry<T> | undefined
  for (const txs of pool.bySender.values()) {
    let top: PoolEntry<T> | undefined
    for (const t of txs.values()) if (!top || t.nonce > top.nonce) top = t
    if (top && (!victim || top.gasPrice < victim.gasPrice || (top.gasPrice === victim.gasPrice && pool.arrival.get(top.hash)! > pool.arrival.get(victim.hash)!))) victim = top
  }
  return victim
}

/** Remove one transaction by hash (mined, evicted, replaced). */
export function removeFromPool<T>(pool: Mempool<T>, hash: string): PoolEntry<T> | undefined {
  const e = pool.byHash.get(hash)
  if (!e) return undefined
  pool.byHash.delete(hash)
  pool.arrival.delete(hash)
  const mine = pool.bySender.get(e.sender)
  mine?.delete(e.nonce)
  if (mine && mine.size === 0) pool.bySender.delete(e.sender)
  return e
}

/**
 * After a new head: drop what the chain has consumed (nonces below the account nonce) and what
 * the balance no longer covers. `accountOf` reads the new head state.
 */
export function prunePool<T>(pool: Mempool<T>, accountOf: (sender: string) => SenderState): string[] {
  const dropped: string[] = []
  for (const [sender, txs] of [...pool.bySender]) {
    const account = accountOf(sender)
    let budget = account.balance
    for (const e of [...txs.values()].sort((a, b) => (a.nonce < b.nonce ? -1 : 1))) {
      if (e.nonce < account.nonce || budget < e.maxCost) {
        removeFromPool(pool, e.hash)
        dropped.push(e.hash)
      } else budget -= e.maxCost
    }
  }
  return dropped
}

/**
 * Transactions ready for a block, best first: per sender in nonce order starting at the
 * account nonce (no gaps), across senders by gas price then arrival. Stops at `maxCount`.
 */
export function selectForBlock<T>(pool: Mempool<T>, accountOf: (sender: string) => SenderState, maxCount: number): Array<PoolEntry<T>> {
  const heads: Array<{ next: bigint; txs: Map<bigint, PoolEntry<T>> }> = []
  for (const [sender, txs] of pool.bySender) heads.push({ next: accountOf(sender).nonce, txs })
  const out: Array<PoolEntry<T>> = []
  // A linear scan per pick keeps this simple; pools are bounded and blocks are small next to them.
  while (out.length < maxCount) {
    let best: { i: number; e: PoolEntry<T> } | undefined
    for (let i = 0; i < heads.length; i++) {
      const e = heads[i]!.txs.get(heads[i]!.next)
      if (!e) continue
      if (!best || e.gasPrice > best.e.gasPrice || (e.gasPrice === best.e.gasPrice && pool.arrival.get(e.hash)! < pool.arrival.get(best.e.hash)!)) best = { i, e }
    }
    if (!best) break
    out.push(best.e)
    heads[best.i]!.next++
  }
  return out
}
