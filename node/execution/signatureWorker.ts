/**
 * Worker thread body: verifies batches of (public key, message, signature) with the node's one
 * verification rule. Messages: { id, items: [pk, msg, sig][] } → { id, results: boolean[] }.
 */
import { parentPort } from 'node:worker_threads'
import { verifySignature } from '../crypto/verify.ts'

parentPort!.on('message', (m: { id: number; items: Array<[Uint8Array, Uint8Array, Uint8Array]> }) => {
  parentPort!.postMessage({ id: m.id, results: m.items.map(([pk, msg, sig]) => verifySignature(pk, msg, sig)) })
})
