/**
 * Account keys: ed25519 (RFC 8032). A secret key is the 32-byte RFC 8032 seed; the address is
 * derived from the public key (DESIGN.md §4). Keys and signatures come from libsodium where its
 * addon loads (~17x faster than @noble/curves here: a signature in ~30 µs instead of ~500 µs,
 * which would otherwise bound how fast one wallet can send), from @noble/curves elsewhere. RFC 8032
 * signing is deterministic, so both give the same bytes (keys.test.ts checks it).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { randomBytes } from 'node:crypto'
import { sha256 } from './hash.ts'
import { sodium } from './sodium.ts'

/** Which library makes keys and signatures in this process. */
export const SIGNER: 'libsodium' | 'noble' = sodium !== undefined ? 'libsodium' : 'noble'

/** A key pair with its address. */
export interface KeyPair {
  /** The 32-byte RFC 8032 seed. Keep it secret. */
  readonly secretKey: Uint8Array
  readonly publicKey: Uint8Array
  /** `0x` + 40 lowercase hex digits. */
  readonly address: string
}

/** The key pair of a 32-byte seed (the seed is the secret key). */
export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new TypeError('keyPairFromSeed: expected a 32-byte seed')
  const secretKey = seed.slice()
  const publicKey = publicKeyOf(secretKey)
  return { secretKey, publicKey, address: address(publicKey) }
}

/** A fresh key pair from the operating system's CSPRNG. Not for consensus code: it is random. */
export function generateKeyPair(): KeyPair {
  return keyPairFromSeed(new Uint8Array(randomBytes(32)))
}

/** The 32-byte public key of a secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  if (sodium === undefined || !(secretKey instanceof Uint8Array) || secretKey.length !== 32) return ed25519.getPublicKey(secretKey)
  const publicKey = new Uint8Array(32)
  const expanded = new Uint8Array(64)
  sodium.crypto_sign_seed_keypair(publicKey, expanded, secretKey)
  sodium.sodium_memzero(expanded)
  return publicKey
}

/** An RFC 8032 signature (64 bytes, deterministic: the same key and message give the same bytes). */
export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (sodium === undefined || !(secretKey instanceof Uint8Array) || secretKey.length !== 32 || !(message instanceof Uint8Array)) return ed25519.sign(message, secretKey)
  // libsodium signs with the expanded key (seed || public key); it is wiped after use.
  const publicKey = new Uint8Array(32)
  const expanded = new Uint8Array(64)
  sodium.crypto_sign_seed_keypair(publicKey, expanded, secretKey)
  const signature = new Uint8Array(64)
  sodium.crypto_sign_detached(signature, message, expanded)
  sodium.sodium_memzero(expanded)
  return signature
}

/**
 * The address of a public key: `0x` + lowercase hex of the first 20 bytes of sha256(publicKey).
 * Satisfies the SDK's `isAddress`.
 * @example address(publicKey) // '0x3f1c…' (42 characters)
 */
export function address(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) throw new TypeError('address: expected a 32-byte public key')
  const h = sha256(publicKey)
  return '0x' + Buffer.from(h.buffer, h.byteOffset, 20).toString('hex')
}

/** The phrase behind the default dev accounts. Public on purpose: anyone can spend these keys. */
export const DEV_PHRASE = 'tsvm dev chain: these keys are public, never use them for value'

/**
 * Deterministic key number `index` of `phrase`: seed = sha256(utf8(phrase + '/' + index)).
 * FOR DEV CHAINS ONLY: this is not BIP-39/SLIP-10, has no salt or stretching, and a guessable
 * phrase gives away every key. It exists so that a devnet prints the same prefunded accounts
 * on every start.
 * @example devKeyPair(DEV_PHRASE, 0).address // the first prefunded devnet account
 */
export function devKeyPair(phrase: string, index: number): KeyPair {
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError('devKeyPair: index must be a non-negative integer')
  return keyPairFromSeed(sha256(new TextEncoder().encode(`${phrase}/${index}`)))
}
