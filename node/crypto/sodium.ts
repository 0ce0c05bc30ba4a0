import { createRequire } from 'node:module'

/** The part of sodium-native (libsodium's prebuilt addon) this project uses. */
export interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean
  crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void
  sodium_memzero(buffer: Uint8Array): void
}

/**
 * libsodium, or undefined on a platform sodium-native has no prebuild for (the addon does not
 * load); callers then take their portable path (OpenSSL or @noble/curves).
 */
export const sodium: Sodium | undefined = (() => {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium
  } catch {
    return undefined
  }
})()
