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

/** The tree keys and encoded values of `changes`: accounts first, then storage, in their order. */
export function treeChanges(changes: StateChanges): TreeChange[] {
  const tree: TreeChange[] = []
  for (const { address, account } of changes.accounts ?? []) tree.push({ key: accountKey(address), value: account === null ? null : encodeAccount(account) })
  for (const { contract, key, value } of changes.storage ?? []) tree.push({ key: storageKey(contract, key), value: value === null ? null : utf8(value) })
  return tree
}
