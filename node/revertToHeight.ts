import { applyFlat } from './blocks/FlatState.ts'
import { settleInFlight } from './mineBlock.ts'
import { emit, serialized, type Node } from './Node.ts'

/**
 * Dev chains: roll the chain back to `height` (snapshot/revert). The store thread undoes each
 * block above it with its undo log, newest first, one batch per block (see undoBlocks); the
 * flat state follows and the pending pool is cleared. Returns false if `height` is not below
 * the head.
 */
export function revertToHeight(node: Node, height: number): Promise<boolean> {
  return serialized(node, async () => {
    await settleInFlight(node)
    if (height < 0 || height >= node.head.header.height) return false
    node.recentReceipts.clear()
    const done = await node.store.undo(height)
    applyFlat(node.flat, done.undo)
    node.head = done.head
    node.mempool.byHash.clear()
    node.mempool.bySender.clear()
    node.mempool.arrival.clear()
    emit(node, { type: 'newHead', hash: node.head.hash, header: node.head.header, receipts: [], txHashes: [] })
    return true
  })
}
