import { decodeUndo, eventKey, META } from './blocks/commitBlock.ts'
import { decodeReceipt } from './chain/encodeReceipt.ts'
import { applyFlat } from './blocks/FlatState.ts'
import { senderAddress } from './chain/senderAddress.ts'
import { txHash } from './chain/txHash.ts'
import { emit, serialized, type Node } from './Node.ts'
import { blockByNumber } from './queries.ts'
import { NS, getValue, key, u32be, u64be, writeBatch, type Write } from './storage/ChainStore.ts'

const hex = (h: string) => Buffer.from(h.slice(2), 'hex')

/**
 * Dev chains: roll the chain back to `height` (snapshot/revert). Each block above it is undone
 * with its undo log (flat state), and its block, indexes and receipts are deleted, in one batch
 * per block, newest first; the pending pool is cleared. State-tree nodes stay (content-addressed,
 * shared with other roots). Returns false if `height` is not below the head.
 */
export function revertToHeight(node: Node, height: number): Promise<boolean> {
  return serialized(node, async () => {
    if (height < 0 || height >= node.head.header.height) return false
    node.recentReceipts.clear()
    while (node.head.header.height > height) {
      const h = node.head.header.height
      const found = await blockByNumber(node, h)
      if (!found) throw new Error(`block ${h} is missing: the data directory is damaged`)
      const undoBytes = await getValue(node.store, key(NS.undo, hex(found.hash)))
      if (!undoBytes) throw new Error(`undo log of block ${h} is missing`)
      const undo = decodeUndo(undoBytes)
      const parent = await blockByNumber(node, h - 1)
      if (!parent) throw new Error(`block ${h - 1} is missing`)
      const writes: Write[] = []
      for (const u of undo) writes.push(u.value === null ? { type: 'del', key: u.key } : { type: 'put', key: u.key, value: u.value })
      const bh = hex(found.hash)
      writes.push({ type: 'del', key: key(NS.block, bh) }, { type: 'del', key: key(NS.canonical, u64be(h)) }, { type: 'del', key: key(NS.undo, bh) })
      for (const [i, tx] of found.block.transactions.entries()) {
        const th = hex(txHash(tx))
        const bytes = await getValue(node.store, key(NS.receipt, th))
        writes.push({ type: 'del', key: key(NS.txLocation, th) }, { type: 'del', key: key(NS.receipt, th) })
        const parties = new Set([senderAddress(tx)])
        const p = tx.payload
        if (p.type === 'transfer' || p.type === 'call') parties.add(p.to)
        const r = bytes && decodeReceipt(bytes)
        if (r && r.contractAddress) parties.add(r.contractAddress)
        for (const a of parties) writes.push({ type: 'del', key: key(NS.byAddress, hex(a), u64be(h), u32be(i)) })
        r?.events.forEach((e, j) => writes.push({ type: 'del', key: eventKey(e.contract, e.name, h, i, j) }))
      }
      writes.push({ type: 'put', key: META.head, value: hex(parent.hash) })
      await writeBatch(node.store, writes)
      applyFlat(node.flat, undo)
      node.head = { hash: parent.hash, header: parent.block.header }
    }
    node.mempool.byHash.clear()
    node.mempool.bySender.clear()
    node.mempool.arrival.clear()
    emit(node, { type: 'newHead', hash: node.head.hash, header: node.head.header, receipts: [], txHashes: [] })
    return true
  })
}
