import type { Block, Receipt } from '../chain/types.ts'
import type { BlockState } from '../execution/BlockState.ts'
import { applyStateChanges } from '../state/applyStateChanges.ts'
import { accountKey, storageKey } from '../state/stateKeys.ts'
import type { CachedNodeStore } from '../storage/CachedNodeStore.ts'
import type { ChainStore } from '../storage/ChainStore.ts'
import { commitBlock } from './commitBlock.ts'
import { applyFlat, flatWrites, type FlatState } from './FlatState.ts'

/**
 * The state root of a block's writes over `parentRoot`: fetch the tree nodes the update will
 * touch (so the synchronous tree never misses), then update the tree. Returns the root and
 * the new nodes, and a `commit` that writes the block with them in one batch and moves the
 * in-memory state (node cache, flat state, code) forward.
 */
export async function computeStateRoot(store: ChainStore, nodes: CachedNodeStore, flat: FlatState, state: BlockState, parentStateRoot: string) {
  const changes = state.changes()
  const parentRoot = Buffer.from(parentStateRoot.slice(2), 'hex')
  await nodes.prefetch(parentRoot, [
    ...(changes.accounts ?? []).map((a) => ({ key: accountKey(a.address), value: a.account === null ? null : new Uint8Array(0) })),
    ...(changes.storage ?? []).map((s) => ({ key: storageKey(s.contract, s.key), value: s.value === null ? null : new Uint8Array(0) })),
  ])
  const update = applyStateChanges(nodes, parentRoot, changes)
  const stateRoot = '0x' + Buffer.from(update.root).toString('hex')
  const commit = async (block: Block, hash: string, receipts: readonly Receipt[], txHashes: readonly string[]): Promise<void> => {
    const writes = flatWrites(flat, changes.accounts ?? [], changes.storage ?? [])
    const codes = new Map([...state.codes].filter(([h]) => !flat.codes.has(h)))
    await commitBlock(store, { block, hash, receipts, txHashes, stateNodes: update.newNodes, codes, flat: writes })
    nodes.remember(update.newNodes)
    applyFlat(flat, writes)
    for (const [h, c] of codes) flat.codes.set(h, c)
  }
  return { stateRoot, commit }
}
