import { callRpc } from './callRpc.ts'
import type { Provider } from './Provider.ts'

/**
 * Hands out a sender's nonces. Concurrent sends each get the next one without a round trip:
 * the account's pending nonce is fetched once (shared by every caller waiting on it), then
 * counted up synchronously. After a rejection the count is given back or dropped and fetched
 * again, so a wallet recovers from nonces used elsewhere (another process, a reverted chain).
 */
export interface NonceManager {
  /** The next nonce to sign with; fetches `chain_getNonce(address, 'pending')` when unknown. */
  next(): Promise<bigint>
  /**
   * `nonce` was handed out but never reached the pool (the node refused the transaction for a
   * reason other than its nonce). Given back if it was the last one handed out; otherwise a gap
   * now exists, so the count is dropped and fetched again (the node's pending nonce stops at it).
   */
  release(nonce: bigint): void
  /** Forget the count; the next `next()` fetches it from the node. Call after a nonce rejection. */
  reset(): void
}

/**
 * A nonce manager for `address` on `provider`.
 * @example
 * const nonces = createNonceManager(provider, wallet.address)
 * const [a, b] = await Promise.all([nonces.next(), nonces.next()]) // 7n, 8n: one fetch
 */
export function createNonceManager(provider: Provider, address: string): NonceManager {
  let next: bigint | undefined
  let loading: Promise<bigint> | undefined
  // Bumped on reset, so a fetch started before a reset cannot overwrite what came after it.
  let epoch = 0

  const load = (): Promise<bigint> => {
    const started = epoch
    loading ??= callRpc(provider, 'chain_getNonce', [address, 'pending']).then(
      (n) => {
        loading = undefined
        if (started === epoch && next === undefined) next = BigInt(n)
        return BigInt(n)
      },
      (error: unknown) => {
        loading = undefined
        throw error
      },
    )
    return loading
  }

  const reset = (): void => {
    epoch++
    next = undefined
  }

  return {
    async next() {
      while (next === undefined) await load()
      // Synchronous from here: callers resumed in the same tick each take a different value.
      return next++
    },
    release(nonce) {
      if (next === nonce + 1n) next = nonce
      else reset()
    },
    reset,
  }
}
