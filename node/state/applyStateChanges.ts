import { encodeAccount, type Account } from './Account.ts'
import type { NodeStore } from './NodeStore.ts'
import { accountKey, storageKey, utf8 } from './stateKeys.ts'
import { updateTree, type TreeChange, type TreeUpdate } from './updateTree.ts'

/** A block's state writes: whole accounts (null deletes one) and storage slots (null deletes). */
export interface StateChanges {
  readonly accounts?: readonly { readonly address: string; readonly account: Account | null }[]
  /** Same shape as the VM's StorageChange, so executor outcomes pass straight through. */
  readonly storage?: readonly { readonly contract: string; readonly key: string; readonly value: string | null }[]
}

/**
 * Turn a block's account and storage writes into one tree update at `root` (one pass, shared
 * paths hashed once). A key written twice takes its last write. Persist `newNodes` with the block.
 */
export function applyStateChanges(store: NodeStore, root: Uint8Array, changes: StateChanges): TreeUpdate {
  return updateTree(store, root, treeChanges(changes))
}

/**
 * The tree keys and encoded values of `changes`: accounts first, then storage, in their order.
 * Keys come from a small cache (the same accounts and slots change block after block: a sender,
 * the coinbase, token balances); the tree only reads them.
 */
export function treeChanges(changes: StateChanges): TreeChange[] {
  const tree: TreeChange[] = []
  for (const { address, account } of changes.accounts ?? []) tree.push({ key: cachedKey('a' + address, () => accountKey(address)), value: account === null ? null : encodeAccount(account) })
  for (const { contract, key, value } of changes.storage ?? []) tree.push({ key: cachedKey('s' + contract + key, () => storageKey(contract, key)), value: value === null ? null : utf8(value) })
  return tree
}

// By name: 'a' + address for an account, 's' + contract + key for a slot.
const recentKeys = new Map<string, Uint8Array>()
function cachedKey(name: string, make: () => Uint8Array): Uint8Array {
  let k = recentKeys.get(name)
  if (k === undefined) {
    if (recentKeys.size >= 8192) recentKeys.clear()
    k = make()
    recentKeys.set(name, k)
  }
  return k
}
