import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import { decodeReceipt, type TxReceipt } from './decodeReceipt.ts'
import type { Provider } from './Provider.ts'

export interface WaitOptions {
  /** Give up after this long (WAIT_TIMEOUT). Default 60 s. */
  readonly timeoutMs?: number
  /** First pause between polls; it grows by half each time up to `maxPollIntervalMs`. Default 25 ms. */
  readonly pollIntervalMs?: number
  /** Default 1 s. */
  readonly maxPollIntervalMs?: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Poll `chain_getTransactionReceipt` until the transaction is mined. Under automine the first
 * poll finds it (the node mines before answering the send); under interval mining it backs off
 * from a short interval, so a receipt is seen soon after its block without hammering the node.
 * Resolves with the receipt whatever its status: a failed transaction is data, not an error here.
 * @example const receipt = await waitForReceipt(provider, hash, { timeoutMs: 10_000 })
 */
export async function waitForReceipt(provider: Provider, hash: string, options: WaitOptions = {}): Promise<TxReceipt> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const maxInterval = options.maxPollIntervalMs ?? 1000
  let interval = options.pollIntervalMs ?? 25
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const r = await callRpc(provider, 'chain_getTransactionReceipt', [hash])
    if (r) return decodeReceipt(r)
    const left = deadline - performance.now()
    if (left <= 0) throw new ClientError('WAIT_TIMEOUT', `no receipt for ${hash} after ${timeoutMs} ms`, { hash, timeoutMs })
    await sleep(Math.min(interval, left))
    interval = Math.min(maxInterval, Math.ceil(interval * 1.5))
  }
}
