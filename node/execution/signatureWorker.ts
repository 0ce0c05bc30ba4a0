/**
 * Worker thread body: verifies batches of signatures with the node's one verification rule.
 * Messages: { id, packed } (see packItems in SignatureVerifier.ts: per item a malformed flag,
 * public key, message, signature) → { id, results: boolean[] }; { ready: true } once loaded.
 */
import { parentPort } from 'node:worker_threads'
import { verifySignature } from '../crypto/verify.ts'

const ITEM_BYTES = 1 + 32 + 32 + 64

parentPort!.on('message', (m: { id: number; packed: Uint8Array }) => {
  const results: boolean[] = []
  for (let at = 0; at + ITEM_BYTES <= m.packed.length; at += ITEM_BYTES) {
    const p = m.packed
    results.push(p[at] === 0 && verifySignature(p.subarray(at + 1, at + 33), p.subarray(at + 33, at + 65), p.subarray(at + 65, at + 129)))
  }
  parentPort!.postMessage({ id: m.id, results })
})
parentPort!.postMessage({ ready: true })
