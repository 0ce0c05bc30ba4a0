import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEV_PHRASE, SIGNER, address, devKeyPair, generateKeyPair, keyPairFromSeed, publicKeyOf, sign } from './keys.ts'
import { verifySignature } from './verify.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'))
const ADDRESS = /^0x[0-9a-f]{40}$/

describe('keys', () => {
  it('RFC 8032 test 1 seed: the published public key and signature of the empty message', () => {
    const kp = keyPairFromSeed(unhex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'))
    expect(hex(kp.publicKey)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    expect(hex(sign(new Uint8Array(0), kp.secretKey))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    )
  })

  it('address: 0x + first 20 bytes of sha256(publicKey), matching isAddress', () => {
    const { publicKey } = keyPairFromSeed(new Uint8Array(32).fill(7))
    const a = address(publicKey)
    expect(a).toMatch(ADDRESS)
    expect(a).toBe('0x' + hex(nobleSha256(publicKey)).slice(0, 40))
  })

  it('address of a key that is not 32 bytes: throws (a caller bug)', () => {
    expect(() => address(new Uint8Array(31))).toThrow(TypeError)
  })

  it('keyPairFromSeed of a seed that is not 32 bytes: throws', () => {
    expect(() => keyPairFromSeed(new Uint8Array(16))).toThrow(TypeError)
  })

  it('sign then verify: accepted; publicKeyOf equals the pair public key', () => {
    const kp = generateKeyPair()
    const msg = new TextEncoder().encode('hello')
    expect(verifySignature(kp.publicKey, msg, sign(msg, kp.secretKey))).toBe(true)
    expect(hex(publicKeyOf(kp.secretKey))).toBe(hex(kp.publicKey))
    expect(kp.address).toMatch(ADDRESS)
  })

  it('devKeyPair: seed = sha256(phrase/index), deterministic, distinct per index', () => {
    const k0 = devKeyPair(DEV_PHRASE, 0)
    expect(hex(k0.secretKey)).toBe(hex(nobleSha256(new TextEncoder().encode(`${DEV_PHRASE}/0`))))
    expect(hex(k0.publicKey)).toBe(hex(ed25519.getPublicKey(k0.secretKey)))
    expect(devKeyPair(DEV_PHRASE, 0).address).toBe(k0.address)
    expect(devKeyPair(DEV_PHRASE, 1).address).not.toBe(k0.address)
  })

  it('devKeyPair with a negative or fractional index: throws', () => {
    expect(() => devKeyPair(DEV_PHRASE, -1)).toThrow(TypeError)
    expect(() => devKeyPair(DEV_PHRASE, 1.5)).toThrow(TypeError)
  })
})

describe('the signer (libsodium here) gives @noble/curves\' bytes', () => {
  it('is libsodium on this platform (sodium-native has a prebuild for it)', () => {
    expect(SIGNER).toBe('libsodium')
  })

  it('random seeds and messages: the same public key and the same signature as @noble/curves', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
        expect(hex(publicKeyOf(seed))).toBe(hex(ed25519.getPublicKey(seed)))
        expect(hex(sign(message, seed))).toBe(hex(ed25519.sign(message, seed)))
      }),
      { numRuns: 300 },
    )
  })

  it('a message that is a view into a larger buffer: signs the view only', () => {
    const seed = new Uint8Array(32).fill(9)
    const backing = new Uint8Array(100).map((_, i) => i)
    const view = backing.subarray(10, 42)
    expect(hex(sign(view, seed))).toBe(hex(ed25519.sign(view.slice(), seed)))
  })

  it('a secret key that is not 32 bytes: throws, as @noble/curves does', () => {
    expect(() => sign(new Uint8Array(1), new Uint8Array(31))).toThrow()
    expect(() => publicKeyOf(new Uint8Array(33))).toThrow()
  })
})
