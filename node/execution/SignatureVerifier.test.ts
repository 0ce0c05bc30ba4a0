import { afterEach, describe, expect, it } from 'vitest'
import { signTransaction } from '../chain/signTransaction.ts'
import type { SignedTransaction } from '../chain/types.ts'
import { address, devKeyPair, DEV_PHRASE } from '../crypto/keys.ts'
import { RING_CAPACITY } from './signatureRing.ts'
import { SignatureVerifier, verifySequential } from './SignatureVerifier.ts'

const keys = devKeyPair(DEV_PHRASE, 0)
const to = address(devKeyPair(DEV_PHRASE, 1).publicKey)

/** `n` signed transfers; every 7th has a flipped signature bit, every 13th a truncated signature. */
function transactions(n: number, from = 0): SignedTransaction[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k
    const tx = signTransaction({ chainId: 'c', nonce: BigInt(i), gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to } }, keys.secretKey)
    if (i % 13 === 0) return { ...tx, signature: tx.signature.slice(0, 63) }
    if (i % 7 !== 0) return tx
    const signature = tx.signature.slice()
    signature[i % 64]! ^= 1 << (i % 8)
    return { ...tx, signature }
  })
}

/** A valid transfer signed by dev account `account`. */
function transferFrom(account: number): SignedTransaction {
  return signTransaction({ chainId: 'c', nonce: 0n, gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to } }, devKeyPair(DEV_PHRASE, account).secretKey)
}

let verifier: SignatureVerifier | undefined
afterEach(async () => {
  await verifier?.close()
  verifier = undefined
})

describe('single signatures on the ring thread', () => {
  it('give the sequential verdicts, in order, through more items than the ring holds (its slots wrap around)', async () => {
    verifier = new SignatureVerifier(1)
    expect(await verifier.workersUp()).toBe(true)
    for (let round = 0; round < 3; round++) {
      const txs = transactions(RING_CAPACITY / 2 + 100, round * 1000)
      const verdicts = await Promise.all(txs.map((tx) => verifier!.verifyOne(tx, true)))
      expect(verdicts).toEqual(verifySequential(txs))
      expect(verdicts.filter((v) => !v).length).toBeGreaterThan(80)
    }
    expect(verifier.singles.worker).toBeGreaterThan(RING_CAPACITY)
    expect(verifier.inFlight).toBe(0)
  })

  it('checks inline once the ring is full, and still answers every one correctly', async () => {
    verifier = new SignatureVerifier(1)
    await verifier.workersUp()
    const txs = transactions(RING_CAPACITY + 300)
    const verdicts = await Promise.all(txs.map((tx) => verifier!.verifyOne(tx, true)))
    expect(verdicts).toEqual(verifySequential(txs))
    expect(verifier.singles.inline).toBeGreaterThan(0)
    expect(verifier.singles.inline + verifier.singles.worker).toBe(txs.length)
  })

  it('wakes a parked ring thread', async () => {
    verifier = new SignatureVerifier(1, 0)
    await verifier.workersUp()
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 20)) // long past its awake time: the thread has parked
      const [tx] = transactions(1, 1 + i)
      expect(await verifier.verifyOne(tx!, true)).toBe(true)
    }
    expect(verifier.singles).toEqual({ inline: 0, worker: 3 })
  })

  it('starts serving while the main thread runs promise continuations only (its event loop never turns)', async () => {
    verifier = new SignatureVerifier(1)
    const txs = transactions(4000, 1)
    const pending: Array<boolean | Promise<boolean>> = []
    // As an in-process node under concurrent senders: each step a microtask and a moment of
    // work, never a macrotask, so the ring thread's 'ready' message cannot be delivered.
    const started = Date.now()
    for (const tx of txs) {
      pending.push(verifier.verifyOne(tx, true))
      if (verifier.singles.worker > 0 || Date.now() - started > 60_000) break
      await Promise.resolve()
      const until = performance.now() + 1
      while (performance.now() < until);
    }
    expect(verifier.singles.worker).toBe(1)
    expect(await Promise.all(pending)).toEqual(verifySequential(txs.slice(0, pending.length)))
  })

  it('an idle node checks a lone signature inline; a stream of other senders (the next within the awake window) goes to the ring', async () => {
    verifier = new SignatureVerifier(1, 50)
    await verifier.workersUp()
    await new Promise((r) => setTimeout(r, 120)) // the ring thread has parked
    const [first, third] = transactions(2, 1)
    const second = transferFrom(2)
    expect(await verifier.verifyOne(first!, false)).toBe(true)
    expect(verifier.singles).toEqual({ inline: 1, worker: 0 })
    expect(await verifier.verifyOne(second, false)).toBe(true)
    expect(verifier.singles).toEqual({ inline: 1, worker: 1 })
    await new Promise((r) => setTimeout(r, 200)) // idle again, and parked
    expect(await verifier.verifyOne(third!, false)).toBe(true)
    expect(verifier.singles).toEqual({ inline: 2, worker: 1 })
  })

  it('one sender awaiting each transaction in turn is checked inline, even within the awake window', async () => {
    verifier = new SignatureVerifier(1, 60_000)
    await verifier.workersUp()
    await new Promise((r) => setTimeout(r, 20))
    const [x, y, z] = transactions(3, 1)
    expect(await verifier.verifyOne(x!, false)).toBe(true) // the thread is awake: handed over
    expect(verifier.singles).toEqual({ inline: 0, worker: 1 })
    for (const tx of [y!, z!]) expect(await verifier.verifyOne(tx, false)).toBe(true)
    expect(verifier.singles).toEqual({ inline: 2, worker: 1 })
    // Another sender within the window: concurrent users, handed to the ring.
    expect(await verifier.verifyOne(transferFrom(3), false)).toBe(true)
    expect(verifier.singles).toEqual({ inline: 2, worker: 2 })
  })

  it('answers what the ring owes inline when its thread dies, and checks inline from then on', async () => {
    verifier = new SignatureVerifier(1)
    await verifier.workersUp()
    const txs = transactions(200)
    const pending = txs.map((tx) => verifier!.verifyOne(tx, true))
    await (verifier as unknown as { ringWorker: { terminate(): Promise<number> } }).ringWorker.terminate()
    expect(await Promise.all(pending)).toEqual(verifySequential(txs))
    const after = transactions(5, 500)
    expect(after.map((tx) => verifier!.verifyOne(tx, true))).toEqual(verifySequential(after))
  })

  it('answers what the ring owes when the verifier is closed', async () => {
    verifier = new SignatureVerifier(1)
    await verifier.workersUp()
    const txs = transactions(300)
    const pending = Promise.all(txs.map((tx) => verifier!.verifyOne(tx, true)))
    await verifier.close()
    expect(await pending).toEqual(verifySequential(txs))
  })
})
