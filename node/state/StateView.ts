import { decodeAccount, type Account } from './Account.ts'
import type { NodeStore } from './NodeStore.ts'
import type { SparseMerkleProof } from './SparseMerkleProof.ts'
import { proveKey } from './proveKey.ts'
import { readTree } from './readTree.ts'
import { accountKey, storageKey } from './stateKeys.ts'

/**
 * Chain state as of one root, read synchronously (what the executor hands the VM, under its
 * own overlay of the block's pending writes). A root never changes, so cached answers never go
 * stale; the cache is bounded and forgets its oldest entries first.
 */
export class StateView {
  private readonly accounts = new Map<string, Account | null>()
  private readonly slots = new Map<string, string | null>()

  constructor(
    readonly store: NodeStore,
    readonly root: Uint8Array,
    /** Entries kept per cache (accounts, storage). */
    readonly cacheSize = 4096,
  ) {}

  /** The account at `address`, or undefined if the tree has none. */
  getAccount(address: string): Account | undefined {
    let account = this.accounts.get(address)
    if (account === undefined) {
      const bytes = readTree(this.store, this.root, accountKey(address))
      account = bytes === undefined ? null : Object.freeze(decodeAccount(bytes))
      remember(this.accounts, address, account, this.cacheSize)
    }
    return account ?? undefined
  }

  /** The value of `key` in `contract`'s storage, or undefined if unset. */
  getStorage(contract: string, key: string): string | undefined {
    // Addresses have a fixed length, so plain concatenation names one slot.
    const id = contract + key
    let value = this.slots.get(id)
    if (value === undefined) {
      const bytes = readTree(this.store, this.root, storageKey(contract, key))
      value = bytes === undefined ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
      remember(this.slots, id, value, this.cacheSize)
    }
    return value ?? undefined
  }

  /** The account and a proof of it (or of its absence) against `root`; verify with `verifyProof(root, accountKey(address), encodeAccount(account) | null, proof)`. */
  proveAccount(address: string): { account: Account | undefined; proof: SparseMerkleProof } {
    const { value, proof } = proveKey(this.store, this.root, accountKey(address))
    return { account: value === undefined ? undefined : decodeAccount(value), proof }
  }

  /** A storage value and a proof of it (or of its absence); the leaf value is its UTF-8. */
  proveStorage(contract: string, key: string): { value: string | undefined; proof: SparseMerkleProof } {
    const { value, proof } = proveKey(this.store, this.root, storageKey(contract, key))
    return { value: value === undefined ? undefined : Buffer.from(value).toString('utf8'), proof }
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V, size: number): void {
  if (cache.size >= size) cache.delete(cache.keys().next().value!)
  cache.set(key, value)
}
