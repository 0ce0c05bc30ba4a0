import { decodeBlock } from '../chain/encodeBlock.ts'
import { decodeReceipt } from '../chain/encodeReceipt.ts'
import { senderAddress } from '../chain/senderAddress.ts'
import { txHash } from '../chain/txHash.ts'
import { NS, getValue, key, u32be, u64be, writeBatch, type ChainStore, type Write } from '../storage/ChainStore.ts'
import { META, decodeUndo, eventKey } from './commitBlock.ts'
import type { StoreHead } from './sealBlock.ts'

const hex = (h: string) => Buffer.from(h.slice(2), 'hex')
const toHex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

/** A flat-state write that puts a key back as it was (null: absent). */
export interface FlatUndo {
  readonly key: Uint8Array
  readonly value: Uint8Array | null
}

/**
 * Undo the blocks above `height`, newest first, one batch each (dev chains: snapshot/revert):
 * each block's undo log puts the flat state back, and its block, indexes and receipts are
 * deleted with the head moved to its parent. State-tree nodes stay (content-addressed, shared
 * with other roots). Returns the new head and the flat writes undone, in the order applied, for
 * the node's in-memory mirror; `onUndone` hears of each new head as its batch lands (so a failure
 * part way leaves the caller knowing where the store is).
 */
export async function undoBlocks(store: ChainStore, head: StoreHead, height: number, onUndone: (head: StoreHead) => void = () => {}): Promise<{ head: StoreHead; undo: FlatUndo[] }> {
  const undone: FlatUndo[] = []
  let at = head
  while (at.header.height > height) {
    const h = at.header.height
    const undoBytes = await getValue(store, key(NS.undo, hex(at.hash)))
    const blockBytes = await getValue(store, key(NS.block, hex(at.hash)))
    if (!undoBytes || !blockBytes) throw new Error(`block ${h} or its undo log is missing: the data directory is damaged`)
    const block = decodeBlock(blockBytes)
    const parentHash = await getValue(store, key(NS.canonical, u64be(h - 1)))
    const parentBytes = parentHash && (await getValue(store, key(NS.block, parentHash)))
    if (!parentHash || !parentBytes) throw new Error(`block ${h - 1} is missing: the data directory is damaged`)
    const undo = decodeUndo(undoBytes)
    const writes: Write[] = []
    if (store.flatInStore) for (const u of undo) writes.push(u.value === null ? { type: 'del', key: u.key } : { type: 'put', key: u.key, value: u.value })
    const bh = hex(at.hash)
    writes.push({ type: 'del', key: key(NS.block, bh) }, { type: 'del', key: key(NS.canonical, u64be(h)) }, { type: 'del', key: key(NS.undo, bh) })
    for (const [i, tx] of block.transactions.entries()) {
      const th = hex(txHash(tx))
      const bytes = await getValue(store, key(NS.receipt, th))
      writes.push({ type: 'del', key: key(NS.txLocation, th) }, { type: 'del', key: key(NS.receipt, th) })
      const parties = new Set([senderAddress(tx)])
      const p = tx.payload
      if (p.type === 'transfer' || p.type === 'call') parties.add(p.to)
      const r = bytes && decodeReceipt(bytes)
      if (r && r.contractAddress) parties.add(r.contractAddress)
      for (const a of parties) writes.push({ type: 'del', key: key(NS.byAddress, hex(a), u64be(h), u32be(i)) })
      r?.events.forEach((e, j) => writes.push({ type: 'del', key: eventKey(e.contract, e.name, h, i, j) }))
    }
    writes.push({ type: 'put', key: META.head, value: parentHash })
    await writeBatch(store, writes)
    undone.push(...undo)
    at = { hash: toHex(parentHash), header: decodeBlock(parentBytes).header }
    onUndone(at)
  }
  return { head: at, undo: undone }
}
