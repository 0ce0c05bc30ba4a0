import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rateLimiter.ts'

describe('RateLimiter', () => {
  it('burst: capacity calls pass, the next is refused with the wait until one token', () => {
    let now = 0
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 4, now: () => now })
    expect(limiter.take('a')).toEqual({ allowed: true })
    expect(limiter.take('a')).toEqual({ allowed: true })
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 250 })
    now += 100
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 150 })
  })

  it('refill: tokens come back with time, never above capacity', () => {
    let now = 0
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: () => now })
    limiter.take('a')
    limiter.take('a')
    now += 1000
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
    now += 1_000_000
    expect([limiter.take('a').allowed, limiter.take('a').allowed, limiter.take('a').allowed]).toEqual([true, true, false])
  })

  it('keys: one client running dry leaves another untouched', () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, now: () => 0 })
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
    expect(limiter.take('b').allowed).toBe(true)
  })

  it('clock stepping backwards: no tokens lost or gained', () => {
    let now = 10_000
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, now: () => now })
    limiter.take('a')
    now = 0
    expect(limiter.take('a').allowed).toBe(false)
    now = 1000
    expect(limiter.take('a').allowed).toBe(true)
  })

  it('many keys: the number of buckets stays bounded', () => {
    let now = 0
    const limiter = new RateLimiter({ capacity: 5, refillPerSecond: 1, now: () => now, maxKeys: 100 })
    for (let i = 0; i < 10_000; i++) {
      limiter.take(`client-${i}`)
      now += 1
    }
    expect(limiter.size).toBeLessThanOrEqual(100)
  })

  it('bad options: capacity below 1 or no refill → RangeError', () => {
    expect(() => new RateLimiter({ capacity: 0, refillPerSecond: 1, now: () => 0 })).toThrow(RangeError)
    expect(() => new RateLimiter({ capacity: 1, refillPerSecond: 0, now: () => 0 })).toThrow(RangeError)
  })
})
