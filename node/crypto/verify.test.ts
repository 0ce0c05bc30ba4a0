import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { createPublicKey, verify as opensslVerify } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { FAST_VERIFIER, FAST_VERIFIERS, SMALL_ORDER_POINTS, verifySignature, verifySignatureReference, verifySignatureWith, type FastVerifier } from './verify.ts'

const Point = ed25519.Point
const L = Point.Fn.ORDER
const P = 2n ** 255n - 19n
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'))
const utf8 = (s: string) => new TextEncoder().encode(s)

function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return out
}
function fromLe(b: Uint8Array): bigint {
  let n = 0n
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!)
  return n
}
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))

/** OpenSSL alone, without the pre-checks and fallback: to show which inputs need them. */
function opensslOnly(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.concat([unhex('302a300506032b6570032100'), publicKey]), format: 'der', type: 'spki' })
  return opensslVerify(null, message, key, signature)
}

/** The fast path under test (each agreement test runs once per fast path this process has). */
let fastPath: FastVerifier = FAST_VERIFIER

/** Asserts that the fast path and the rule agree, and returns the rule's answer. */
function agree(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const rule = verifySignatureReference(publicKey, message, signature)
  expect(verifySignatureWith(fastPath, publicKey, message, signature), `${fastPath}: pk ${hex(publicKey)} sig ${hex(signature)}`).toBe(rule)
  return rule
}

function keyFromIndex(i: number) {
  const secretKey = le32(BigInt(i) * 0x9e3779b97f4a7c15n + 1n)
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(secretKey)
  return { secretKey, publicKey: pointBytes, a: scalar % L }
}

/**
 * A signature made "by hand": R given as bytes with known discrete-log part r (R = rB + torsion),
 * S = r + k·a mod L with k = SHA-512(R || A || M) mod L, where A may carry torsion too.
 */
function craft(a: bigint, publicKey: Uint8Array, message: Uint8Array, rBytes: Uint8Array, r: bigint, sOverride?: bigint): Uint8Array {
  const k = fromLe(sha512(concat(rBytes, publicKey, message))) % L
  const s = sOverride ?? (r + k * a) % L
  return concat(rBytes, le32(s))
}

const torsion = SMALL_ORDER_POINTS.map((h) => Point.fromBytes(unhex(h)))
const mixedTorsion = torsion.filter((t) => !t.is0())

describe('SMALL_ORDER_POINTS', () => {
  it('the eight listed encodings: exactly the canonical encodings of the 8-torsion subgroup', () => {
    const order8 = torsion.find((t) => !t.double().double().is0())!
    const group = new Set<string>()
    let q = Point.ZERO
    for (let i = 0; i < 8; i++, q = q.add(order8)) group.add(hex(q.toBytes()))
    expect([...group].sort()).toEqual([...SMALL_ORDER_POINTS].sort())
    for (const t of torsion) expect(t.isSmallOrder()).toBe(true)
  })
})

describe('the fast path this machine has', () => {
  it('is libsodium (sodium-native has a prebuild for it), and verifySignature takes it', () => {
    expect(FAST_VERIFIERS).toEqual(['libsodium', 'openssl'])
    expect(FAST_VERIFIER).toBe('libsodium')
  })
})

describe.each(FAST_VERIFIERS)('verifySignature (%s fast path) agrees with verifySignatureReference', (fast) => {
  beforeAll(() => {
    fastPath = fast
  })

  it('random valid signatures: both accept', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), (seed, message) => {
        const sig = ed25519.sign(message, seed)
        expect(agree(ed25519.getPublicKey(seed), message, sig)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('random bit flips in message, signature or key: same answer (reject)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom('message', 'signature', 'key'),
        fc.nat(),
        (seed, message, where, bit) => {
          const publicKey = ed25519.getPublicKey(seed)
          const sig = ed25519.sign(message, seed)
          const target = where === 'message' ? message : where === 'signature' ? sig : publicKey
          const at = (bit >> 3) % target.length
          target[at] = target[at]! ^ (1 << (bit & 7))
          expect(agree(publicKey, message, sig)).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('random keys and signatures (mostly off-curve or garbage): same answer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), (publicKey, sig) => {
        agree(publicKey, utf8('m'), sig)
      }),
      { numRuns: 300 },
    )
  })

  it('non-canonical S (S + L, S + 2L, S = L, S = 2^256 - 1): both reject', () => {
    const { secretKey, publicKey } = keyFromIndex(1)
    const message = utf8('pay 5')
    const sig = ed25519.sign(message, secretKey)
    const s = fromLe(sig.subarray(32))
    for (const bad of [s + L, s + 2n * L, L, 2n ** 256n - 1n]) {
      expect(agree(publicKey, message, concat(sig.subarray(0, 32), le32(bad)))).toBe(false)
    }
  })

  it('non-canonical public key encodings (y >= p, or x = 0 with the sign bit): both reject, also where OpenSSL accepts', () => {
    const message = utf8('m')
    let opensslAccepted = 0
    const encodings: Uint8Array[] = []
    for (let y = P; y < 2n ** 255n; y++) for (const sign of [0n, 1n]) encodings.push(le32(y | (sign << 255n)))
    encodings.push(le32(1n | (1n << 255n)), le32(P - 1n | (1n << 255n)))
    for (const publicKey of encodings) {
      // y ≡ 1 (mod p) decodes to the identity in OpenSSL; then (R = identity, S = 0) satisfies it.
      const sig = concat(unhex(SMALL_ORDER_POINTS[0]!), le32(0n))
      if (opensslOnly(publicKey, message, sig)) opensslAccepted++
      expect(agree(publicKey, message, sig)).toBe(false)
      expect(agree(publicKey, message, ed25519.sign(message, keyFromIndex(2).secretKey))).toBe(false)
    }
    expect(opensslAccepted).toBeGreaterThan(0) // the pre-check is what keeps these out
  })

  it('non-canonical R encodings of a point the equation accepts: both reject', () => {
    const { publicKey, a } = keyFromIndex(3)
    const message = utf8('m')
    // Small-order points written non-canonically: y = p + 1 (identity), y = p (an order-4 point),
    // and x = 0 with the sign bit for y = 1 and y = p - 1. With S = k·a the cofactored equation
    // would hold if R were decoded leniently.
    for (const rBytes of [le32(P + 1n), le32(P), le32(1n | (1n << 255n)), le32((P - 1n) | (1n << 255n))]) {
      expect(agree(publicKey, message, craft(a, publicKey, message, rBytes, 0n))).toBe(false)
    }
  })

  it('small-order public keys (all 8): both reject, also where OpenSSL accepts', () => {
    const message = utf8('m')
    let opensslAccepted = 0
    for (const h of SMALL_ORDER_POINTS) {
      const publicKey = unhex(h)
      for (const rHex of SMALL_ORDER_POINTS) {
        const sig = concat(unhex(rHex), le32(0n))
        if (opensslOnly(publicKey, message, sig)) opensslAccepted++
        expect(agree(publicKey, message, sig)).toBe(false)
      }
      expect(agree(publicKey, message, new Uint8Array(64))).toBe(false)
    }
    expect(opensslAccepted).toBeGreaterThan(0)
  })

  it('small-order R with S = k·a (crafted by a key holder): both accept, including where OpenSSL rejects', () => {
    const { publicKey, a } = keyFromIndex(4)
    let opensslRejected = 0
    for (const [i, h] of SMALL_ORDER_POINTS.entries()) {
      const message = utf8(`small R ${i}`)
      const sig = craft(a, publicKey, message, unhex(h), 0n)
      if (!opensslOnly(publicKey, message, sig)) opensslRejected++
      expect(agree(publicKey, message, sig)).toBe(true)
    }
    expect(opensslRejected).toBe(7) // all but the identity: only the fallback gets these right
  })

  it('mixed-order R (R = rB + T): both accept, including where OpenSSL rejects', () => {
    const { publicKey, a } = keyFromIndex(5)
    let opensslRejected = 0
    for (const [i, t] of mixedTorsion.entries()) {
      const message = utf8(`mixed R ${i}`)
      const r = 1234567n + BigInt(i)
      const sig = craft(a, publicKey, message, Point.BASE.multiply(r).add(t).toBytes(), r)
      if (!opensslOnly(publicKey, message, sig)) opensslRejected++
      expect(agree(publicKey, message, sig)).toBe(true)
    }
    expect(opensslRejected).toBe(mixedTorsion.length)
  })

  it('mixed-order public key (A + T) signing honestly: both accept whether or not OpenSSL does', () => {
    const { a, publicKey: honest } = keyFromIndex(6)
    let opensslAccepted = 0
    let opensslRejected = 0
    for (const t of mixedTorsion) {
      const publicKey = Point.fromBytes(honest).add(t).toBytes()
      for (let j = 0; j < 16; j++) {
        const message = utf8(`mixed A ${j}`)
        const r = 7654321n + BigInt(j)
        const sig = craft(a, publicKey, message, Point.BASE.multiply(r).toBytes(), r)
        if (opensslOnly(publicKey, message, sig)) opensslAccepted++
        else opensslRejected++
        expect(agree(publicKey, message, sig)).toBe(true)
      }
    }
    // OpenSSL accepts exactly when k·T = 0; both branches are exercised.
    expect(opensslAccepted).toBeGreaterThan(0)
    expect(opensslRejected).toBeGreaterThan(0)
  })

  it('mixed-order public key with a corrupted message: both reject', () => {
    const { a, publicKey: honest } = keyFromIndex(7)
    const publicKey = Point.fromBytes(honest).add(mixedTorsion[0]!).toBytes()
    const sig = craft(a, publicKey, utf8('signed'), Point.BASE.multiply(99n).toBytes(), 99n)
    expect(agree(publicKey, utf8('signed'), sig)).toBe(true)
    expect(agree(publicKey, utf8('other'), sig)).toBe(false)
  })

  it('all-zero key and signature: both reject', () => {
    const { publicKey } = keyFromIndex(8)
    expect(agree(new Uint8Array(32), utf8('m'), new Uint8Array(64))).toBe(false)
    expect(agree(publicKey, utf8('m'), new Uint8Array(64))).toBe(false)
  })

  it('wrong lengths of key or signature: both return false, neither throws', () => {
    const { secretKey, publicKey } = keyFromIndex(9)
    const message = utf8('m')
    const sig = ed25519.sign(message, secretKey)
    for (const k of [new Uint8Array(0), publicKey.subarray(0, 31), concat(publicKey, Uint8Array.of(0))]) expect(agree(k, message, sig)).toBe(false)
    for (const s of [new Uint8Array(0), sig.subarray(0, 63), concat(sig, Uint8Array.of(0))]) expect(agree(publicKey, message, s)).toBe(false)
  })

  it('keys at unaligned offsets of a larger buffer and repeated (cached) keys: still correct', () => {
    const { secretKey, publicKey } = keyFromIndex(10)
    const message = utf8('m')
    const sig = ed25519.sign(message, secretKey)
    const backing = new Uint8Array(200)
    backing.set(publicKey, 3)
    backing.set(sig, 100)
    for (let i = 0; i < 3; i++) expect(agree(backing.subarray(3, 35), message, backing.subarray(100, 164))).toBe(true)
  })
})
