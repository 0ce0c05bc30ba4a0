import type { Block, Receipt } from '../chain/types.ts'
import { ownHexBytes, toHex } from '../codec/hex.ts'
import type { BlockState } from '../execution/BlockState.ts'
import { treeChanges } from '../state/applyStateChanges.ts'
import { updateTree } from '../state/updateTree.ts'
import type { CachedNodeStore } from '../storage/CachedNodeStore.ts'
import type { ChainStore } from '../storage/ChainStore.ts'
import { commitBlock } from './commitBlock.ts'
import { flatWrites, type FlatState } from './FlatState.ts'

/**
 * The state root of a block's writes over `parentRoot`: fetch the tree nodes the update will
 * touch (so the synchronous tree never misses), then update the tree. Returns the root and
 * the new nodes, and a `commit` that writes the block with them in one batch and moves the
 * in-memory state (node cache, flat state, code) forward.
 */
export async function computeStateRoot(store: ChainStore, nodes: CachedNodeStore, flat: FlatState, state: BlockState, parentStateRoot: string) {
  const changes = state.changes()
  const parentRoot = ownHexBytes(parentStateRoot)
  const accounts = changes.accounts ?? []
  const storage = changes.storage ?? []
  // Keys hashed and values encoded once: for the prefetch, the tree and the flat writes.
  const tree = treeChanges(changes)
  await nodes.prefetch(parentRoot, tree)
  const update = updateTree(nodes, parentRoot, tree)
  const stateRoot = toHex(update.root)
  const commit = async (block: Block, hash: string, receipts: readonly Receipt[], txHashes: readonly string[]): Promise<void> => {
    const writes = flatWrites(flat, accounts, storage, tree.map((c) => c.value))
    const codes = new Map([...state.codes].filter(([h]) => !flat.codes.has(h)))
    await commitBlock(store, { block, hash, receipts, txHashes, stateNodes: update.newNodes, codes, flat: writes })
    nodes.remember(update.newNodes)
    for (const { address, account } of accounts) {
      if (account === null) flat.accounts.delete(address)
      else flat.accounts.set(address, account)
    }
    for (const { contract, key, value } of storage) {
      if (value === null) flat.storage.delete(contract + key)
      else flat.storage.set(contract + key, value)
    }
    for (const [h, c] of codes) flat.codes.set(h, c)
  }
  return { stateRoot, commit }
}
