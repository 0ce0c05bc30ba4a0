import type { NodeEvent } from '../Node.ts'
import { blockJson } from './chainMethods.ts'

/** One subscription notification a node event produces: its topic, payload and filter test. */
export interface NodeNotification {
  readonly topic: 'newHeads' | 'logs' | 'pendingTransactions'
  readonly payload: unknown
  /** Whether a subscription with this (validated) filter receives it; absent: every subscriber does. */
  readonly matches?: (filter: unknown) => boolean
}

/**
 * The notifications a node event becomes: what `startRpc` publishes to WebSocket subscribers and
 * what the client's in-process provider delivers, so both see the same payloads and filters.
 */
export function nodeEventNotifications(e: NodeEvent): NodeNotification[] {
  if (e.type === 'pendingTransaction') return [{ topic: 'pendingTransactions', payload: e.hash }]
  const out: NodeNotification[] = [{ topic: 'newHeads', payload: { ...blockJson(e.hash, { header: e.header, transactions: [] }, false), transactions: e.txHashes } }]
  e.receipts.forEach((r, i) =>
    r.events.forEach((ev, j) => {
      out.push({
        topic: 'logs',
        payload: { ...ev, blockHeight: e.header.height, blockHash: e.hash, txHash: e.txHashes[i], txIndex: i, logIndex: j },
        matches: (filter) => {
          const f = filter as { contract?: string; event?: string } | undefined
          return !f || ((f.contract === undefined || f.contract === ev.contract) && (f.event === undefined || f.event === ev.name))
        },
      })
    }),
  )
  return out
}
