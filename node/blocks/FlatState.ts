import { decodeAccount, encodeAccount, type Account } from '../state/Account.ts'
import type { StateReader } from '../execution/BlockState.ts'
import { asciiInto } from '../codec/hex.ts'
import { newBytes } from '../codec/newBytes.ts'
import { NS, key, scanPrefix, type AnyStore } from '../storage/ChainStore.ts'

const utf8 = new TextEncoder()
const text = new TextDecoder()

/** Persisted key of an account ('a' + address) or a storage slot ('s' + contract + key). */
export function flatAccountKey(address: string): Uint8Array {
  return flatKey('a' + address)
}
export function flatStorageKey(contract: string, k: string): Uint8Array {
  return flatKey('s' + contract + k)
}

/** NS.flat then the UTF-8 of `name`; an ASCII name (addresses, most slot keys) is copied in directly. */
function flatKey(name: string): Uint8Array {
  if (name.length > 256) return key(NS.flat, utf8.encode(name))
  const out = newBytes(1 + name.length)
  out[0] = NS.flat
  return asciiInto(name, out, 1) ? out : key(NS.flat, utf8.encode(name))
}

/**
 * The live state of the head block, all in memory: what execution reads, synchronously and in
 * O(1). The state tree holds the same data for roots and proofs; this is its flat mirror,
 * persisted in the same batch as each block, so it always matches the head's state root.
 */
export class FlatState implements StateReader {
  readonly accounts = new Map<string, Account>()
  /** contract + key → value (addresses have a fixed length, so concatenation is unambiguous) */
  readonly storage = new Map<string, string>()
  readonly codes = new Map<string, string>()

  getAccount(address: string): Account | undefined {
    return this.accounts.get(address)
  }
  getStorage(contract: string, k: string): string | undefined {
    return this.storage.get(contract + k)
  }
  getCode(codeHash: string): string | undefined {
    return this.codes.get(codeHash)
  }
}

/** Load the flat state and all code from the store (node start). */
export async function loadFlatState(store: AnyStore): Promise<FlatState> {
  const flat = new FlatState()
  for (const [k, v] of await scanPrefix(store, new Uint8Array([NS.flat]))) {
    const name = text.decode(k.subarray(1))
    if (name[0] === 'a') flat.accounts.set(name.slice(1), decodeAccount(v))
    else flat.storage.set(name.slice(1), text.decode(v))
  }
  for (const [k, v] of await scanPrefix(store, new Uint8Array([NS.code]))) flat.codes.set('0x' + Buffer.from(k.subarray(1)).toString('hex'), text.decode(v))
  return flat
}

/** One flat-state write with the value it replaces (for the block's undo log). */
export interface FlatWrite {
  readonly key: Uint8Array
  readonly value: Uint8Array | null
  readonly previous: Uint8Array | null
}

/**
 * The flat writes of a block's changes, each with the value it replaces (for the undo log).
 * `encoded`, when given, holds the new values already encoded (accounts first, then storage,
 * in order).
 */
export function flatWrites(
  accounts: readonly { address: string; account: Account | null; previous: Account | null }[],
  storage: readonly { contract: string; key: string; value: string | null; previous: string | null }[],
  encoded?: readonly (Uint8Array | null)[],
): FlatWrite[] {
  const out: FlatWrite[] = []
  let i = 0
  for (const { address, account, previous } of accounts) {
    const value = encoded ? encoded[i++]! : account ? encodeAccount(account) : null
    out.push({ key: flatAccountKey(address), value, previous: previous ? encodeAccount(previous) : null })
  }
  for (const { contract, key: k, value, previous } of storage) {
    const bytes = encoded ? encoded[i++]! : value === null ? null : utf8.encode(value)
    out.push({ key: flatStorageKey(contract, k), value: bytes, previous: previous === null ? null : utf8.encode(previous) })
  }
  return out
}

/** Apply flat writes (or their undo) to the in-memory mirror after the batch is on disk. */
export function applyFlat(flat: FlatState, writes: ReadonlyArray<{ readonly key: Uint8Array; readonly value: Uint8Array | null }>): void {
  for (const w of writes) {
    const name = text.decode(w.key.subarray(1))
    if (name[0] === 'a') {
      if (w.value === null) flat.accounts.delete(name.slice(1))
      else flat.accounts.set(name.slice(1), decodeAccount(w.value))
    } else if (w.value === null) flat.storage.delete(name.slice(1))
    else flat.storage.set(name.slice(1), text.decode(w.value))
  }
}
