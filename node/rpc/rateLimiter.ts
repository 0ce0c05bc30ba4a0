/** Burst size and sustained rate of one client's token bucket. */
export interface RateLimitOptions {
  /** Tokens a fresh client starts with: the largest burst it may send at once. */
  readonly capacity: number
  /** Tokens added per second: the sustained request rate. */
  readonly refillPerSecond: number
}

/** The outcome of taking a token: allowed, or refused with how long until one is available. */
export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number }

interface Bucket {
  tokens: number
  updatedAt: number
}

/**
 * Per-key token buckets (one token per JSON-RPC call). The clock is injected so tests can
 * refill without sleeping and so the limiter holds no timers.
 * Memory is bounded: past `maxKeys` buckets, full ones are dropped (a full bucket is the same
 * as no bucket) and then the least recently used; under a flood of distinct addresses an
 * evicted client gets a fresh burst, which is the price of a bound.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>()
  readonly #capacity: number
  readonly #perMs: number
  readonly #now: () => number
  readonly #maxKeys: number

  constructor(options: RateLimitOptions & { readonly now: () => number; readonly maxKeys?: number }) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError('rate limit: capacity must be >= 1 and refillPerSecond > 0')
    }
    this.#capacity = options.capacity
    this.#perMs = options.refillPerSecond / 1000
    this.#now = options.now
    this.#maxKeys = options.maxKeys ?? 10_000
  }

  /** Takes one token from `key`'s bucket if it has one. */
  take(key: string): RateLimitDecision {
    const now = this.#now()
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, updatedAt: now }
    this.#refill(bucket, now)
    // Re-insert so Map order is least-recently-used first, for eviction.
    this.#buckets.delete(key)
    this.#buckets.set(key, bucket)
    const decision: RateLimitDecision =
      bucket.tokens >= 1
        ? { allowed: true }
        : { allowed: false, retryAfterMs: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs)) }
    if (decision.allowed) bucket.tokens -= 1
    // Prune after spending, so the sweep cannot drop this bucket before its token is taken.
    if (this.#buckets.size > this.#maxKeys) this.#prune(now)
    return decision
  }

  /** Number of buckets held (for tests and metrics). */
  get size(): number {
    return this.#buckets.size
  }

  #refill(bucket: Bucket, now: number): void {
    // An injected clock may step backwards; never let that drain a bucket.
    const elapsed = Math.max(0, now - bucket.updatedAt)
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + elapsed * this.#perMs)
    bucket.updatedAt = now
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      this.#refill(bucket, now)
      if (bucket.tokens >= this.#capacity) this.#buckets.delete(key)
    }
    // Leave headroom so the O(n) sweep runs once per many inserts, not on every one.
    const target = Math.floor(this.#maxKeys * 0.9)
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= target) break
      this.#buckets.delete(key)
    }
  }
}
