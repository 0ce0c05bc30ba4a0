/**
 * Worker thread body: verifies signatures with the node's one verification rule, in one of two
 * modes (see SignatureVerifier):
 * - batches: messages { id, packed } (items as in signatureRing.ts) → { id, results: boolean[] };
 * - ring (workerData { ring, awakeMs }): serves the shared ring of single signatures; it never
 *   returns to its event loop, so it takes no messages.
 * Either way it posts { ready: true } once loaded.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { ITEM_BYTES, ringOf, serveRing, verifyPacked } from './signatureRing.ts'

const data = workerData as { ring: SharedArrayBuffer; awakeMs: number } | undefined
parentPort!.postMessage({ ready: true })
if (data !== undefined) {
  serveRing(ringOf(data.ring), data.awakeMs)
} else {
  parentPort!.on('message', (m: { id: number; packed: Uint8Array }) => {
    const results: boolean[] = []
    for (let at = 0; at + ITEM_BYTES <= m.packed.length; at += ITEM_BYTES) results.push(verifyPacked(m.packed, at))
    parentPort!.postMessage({ id: m.id, results })
  })
}
