/**
 * Signature verification: ONE rule for consensus, and a fast path that gives the same answer.
 *
 * The rule is @noble/curves' ed25519 `verify` with `{ zip215: false }` (RFC 8032 / FIPS 186-5
 * strict): S < L, canonical encodings of A and R (y < p, no "negative zero" x), A not of small
 * order, and the cofactored equation [8][S]B = [8]R + [8][k]A with k = SHA-512(R || A || M) mod L.
 *
 * The fast path asks libsodium (or OpenSSL, Node's crypto, where libsodium's addon is missing;
 * both ~10-20x faster than the rule) first. OpenSSL checks S < L and the
 * cofactorless equation by comparing bytes: encode([S]B - [k]A) == R. It is more lenient than the
 * rule on A (it reduces y mod p, accepts x = 0 with the sign bit set, and accepts small-order A)
 * and stricter on everything else (no torsion allowed). So:
 *   - the cheap checks below are certain rejections by the rule: non-canonical A and small-order
 *     A, which OpenSSL may accept (tests show it does), and S ≥ L and non-canonical R, which
 *     OpenSSL rejects too but which would otherwise reach the slow fallback;
 *   - after them, OpenSSL accepting implies the rule accepts: R is then the canonical encoding of
 *     [S]B - [k]A, A decodes to the same point in both, so R + [k]A - [S]B = 0 exactly;
 *   - OpenSSL rejecting does NOT imply the rule rejects: if A or R has a small-order (torsion)
 *     component, the cofactored equation can hold while the exact one fails. Such signatures are
 *     crafted (an honest signer never produces one), but anyone with a key can make them, so a
 *     rejection is settled by the rule itself. Invalid signatures therefore cost as much as the
 *     rule (~1 ms); valid ones, the common case, take the fast path.
 * Were OpenSSL ever to check the cofactored equation instead, acceptance would still imply the
 * rule's; verify.test.ts checks agreement on random, corrupted and crafted torsion inputs against
 * whatever OpenSSL the node runs on.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { createPublicKey, verify as opensslVerify, type KeyObject } from 'node:crypto'
import { sodium } from './sodium.ts'

/**
 * The eight points of small order on edwards25519, in their canonical encodings (hex). The rule
 * rejects a public key that is one of them; non-canonical encodings fail the canonical check.
 */
export const SMALL_ORDER_POINTS: readonly string[] = Object.freeze([
  '0100000000000000000000000000000000000000000000000000000000000000', // identity (order 1)
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // (0, -1), order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
])
const smallOrder = new Set(SMALL_ORDER_POINTS.map((h) => Buffer.from(h, 'hex').toString('latin1')))

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L_BYTES = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex')

/** S (bytes 32..63 of the signature, little-endian) < L: the rule's "canonical S". */
function scalarIsCanonical(sig: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = sig[32 + i]!
    const l = L_BYTES[i]!
    if (s !== l) return s < l
  }
  return false // S == L
}

/**
 * The 32 bytes at `at` are a canonical point encoding as the rule decodes them: y < p
 * (p = 2^255 - 19) and not x = 0 with the sign bit set (x = 0 exactly when y = 1 or y = p - 1).
 * Whether y is on the curve at all is left to the full check.
 */
function pointIsCanonical(b: Uint8Array, at: number): boolean {
  const top = b[at + 31]! & 0x7f
  const signBit = (b[at + 31]! & 0x80) !== 0
  let middleAllOnes = true
  let middleAllZeros = true
  for (let i = 1; i < 31; i++) {
    const x = b[at + i]!
    if (x !== 0xff) middleAllOnes = false
    if (x !== 0) middleAllZeros = false
  }
  const first = b[at]!
  if (top === 0x7f && middleAllOnes && first >= 0xed) return false // y >= p
  if (signBit && top === 0 && middleAllZeros && first === 1) return false // y = 1, x = 0
  if (signBit && top === 0x7f && middleAllOnes && first === 0xec) return false // y = p - 1, x = 0
  return true
}

// DER SubjectPublicKeyInfo for Ed25519 (RFC 8410) up to the 32 raw key bytes.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const KEY_CACHE_SIZE = 4096
const keyObjects = new Map<string, KeyObject>()

/** OpenSSL's handle for a raw public key; cached (bounded, oldest out) because making one costs ~10 µs. */
function keyObjectFor(id: string, publicKey: Uint8Array): KeyObject | undefined {
  let key = keyObjects.get(id)
  if (key !== undefined) return key
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
  } catch {
    return undefined // let the rule decide
  }
  if (keyObjects.size >= KEY_CACHE_SIZE) keyObjects.delete(keyObjects.keys().next().value!)
  keyObjects.set(id, key)
  return key
}

function isBytes(x: unknown, length?: number): x is Uint8Array {
  return x instanceof Uint8Array && (length === undefined || x.length === length)
}

/**
 * THE consensus rule: @noble/curves ed25519 verify, RFC 8032 strict (`zip215: false`).
 * Wrong lengths give false rather than an exception.
 */
export function verifySignatureReference(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isBytes(publicKey, 32) || !isBytes(signature, 64) || !isBytes(message)) return false
  return ed25519.verify(signature, message, publicKey, { zip215: false })
}

/**
 * Verifies an ed25519 signature with OpenSSL where that is sound, agreeing with
 * {@link verifySignatureReference} on every input (see the file comment for the argument).
 * Use this one on the node; ~10x faster for valid signatures.
 * @example verifySignature(tx.from, signingHash(tx), tx.signature) // true
 */
export function verifySignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return verifySignatureWith(FAST_VERIFIER, publicKey, message, signature)
}

/** A fast path verifySignature can take (tests check each agrees with the rule). */
export type FastVerifier = 'libsodium' | 'openssl'

/** verifySignature with the fast path chosen: the same answer, by the file comment's argument, either way. */
export function verifySignatureWith(fast: FastVerifier, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isBytes(publicKey, 32) || !isBytes(signature, 64) || !isBytes(message)) return false
  if (!scalarIsCanonical(signature)) return false
  if (!pointIsCanonical(publicKey, 0) || !pointIsCanonical(signature, 0)) return false
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, 32).toString('latin1')
  if (smallOrder.has(id)) return false
  if (fast === 'libsodium' && sodium !== undefined) {
    if (sodium.crypto_sign_verify_detached(signature, message, publicKey)) return true
  } else {
    const key = keyObjectFor(id, publicKey)
    if (key !== undefined && opensslVerify(null, message, key, signature)) return true
  }
  // The fast path said no; the rule may still say yes for torsion-carrying inputs. Ask it.
  return verifySignatureReference(publicKey, message, signature)
}

/**
 * libsodium (sodium-native's prebuilt addon) verifies in ~41 µs here against OpenSSL's ~81 µs,
 * and signature checks are a third of a transfer's CPU. Its verify makes the same checks as
 * OpenSSL's where the argument above needs them (S < L, a canonical A that is not of small
 * order, and R compared as the canonical encoding of [S]B - [k]A) and also rejects R of small
 * order: its acceptance still implies the rule's, and its rejections are settled by the rule.
 * On a platform without a prebuild the addon does not load, and OpenSSL is the fast path.
 * These are the fast paths this process has, best first: verifySignature takes the first.
 */
export const FAST_VERIFIERS: readonly FastVerifier[] = sodium !== undefined ? ['libsodium', 'openssl'] : ['openssl']
export const FAST_VERIFIER: FastVerifier = FAST_VERIFIERS[0]!
