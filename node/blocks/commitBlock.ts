import { decode, encode, list, optional, struct, varBytes } from '../codec/codec.ts'
import { encodeBlock } from '../chain/encodeBlock.ts'
import { receiptCodec } from '../chain/codecs.ts'
import { senderAddress } from '../chain/senderAddress.ts'
import type { Block, Receipt } from '../chain/types.ts'
import { sha256 } from '../crypto/hash.ts'
import { ownHexBytes } from '../codec/hex.ts'
import { ChainStore, NS, key, stateNodeKey, u32be, u64be, writeBatch, type Write } from '../storage/ChainStore.ts'
import type { FlatWrite } from './FlatState.ts'

const hex = ownHexBytes
const utf8 = new TextEncoder()

/** The undo log of a block: each flat-state key it wrote and the value before. */
export const undoCodec = list(struct([['key', varBytes()], ['previous', optional(varBytes())]] as const), { max: 10_000_000 })

/** Everything a block commits, computed before anything is written. */
export interface BlockCommit {
  readonly block: Block
  readonly hash: string
  readonly receipts: readonly Receipt[]
  readonly txHashes: readonly string[]
  readonly stateNodes: Map<string, Uint8Array>
  readonly codes: ReadonlyMap<string, string>
  readonly flat: readonly FlatWrite[]
}

/** Meta keys. */
export const META = {
  head: key(NS.meta, utf8.encode('head')),
  genesis: key(NS.meta, utf8.encode('genesis')),
  chain: key(NS.meta, utf8.encode('chain')),
}

/** Key of the event index: contract, event-name hash, height, tx index, log index. */
export function eventKey(contract: string, name: string, height: number, txIndex: number, logIndex: number): Uint8Array {
  return key(NS.event, hex(contract), eventNameId(name), u64be(height), u32be(txIndex), u32be(logIndex))
}

/** The 8-byte id of an event name in index keys: the head of sha256(name), kept for recent names. */
export function eventNameId(name: string): Uint8Array {
  let id = eventNameIds.get(name)
  if (id === undefined) {
    id = sha256(utf8.encode(name)).slice(0, 8)
    if (eventNameIds.size >= 4096) eventNameIds.clear()
    eventNameIds.set(name, id)
  }
  return id
}
const eventNameIds = new Map<string, Uint8Array>()

/**
 * Write a block and everything derived from it in ONE atomic batch: the block, the canonical
 * height index, transaction locations, receipts, address and event indexes, new state-tree
 * nodes (not in memory: see ChainStore.treeNodesInCache), new code, the flat state (not in memory:
 * ChainStore.flatInStore) and its undo log, and finally the head pointer. A crash before the batch lands leaves the previous head
 * intact; after, the whole block is there.
 */
export async function commitBlock(store: ChainStore, c: BlockCommit): Promise<void> {
  const { block, hash, receipts } = c
  const h = block.header.height
  const bh = hex(hash)
  const writes: Write[] = []
  const put = (k: Uint8Array, value: Uint8Array) => writes.push({ type: 'put', key: k, value })
  put(key(NS.block, bh), encodeBlock(block))
  put(key(NS.canonical, u64be(h)), bh)
  block.transactions.forEach((tx, i) => {
    const th = hex(c.txHashes[i]!)
    put(key(NS.txLocation, th), Buffer.concat([bh, u32be(i)]))
    put(key(NS.receipt, th), receiptCodec.bytesOf(receipts[i]!))
    const parties = new Set([senderAddress(tx)])
    const p = tx.payload
    if (p.type === 'transfer' || p.type === 'call') parties.add(p.to)
    if (receipts[i]!.contractAddress) parties.add(receipts[i]!.contractAddress!)
    for (const a of parties) put(key(NS.byAddress, hex(a), u64be(h), u32be(i)), th)
    receipts[i]!.events.forEach((e, j) => put(eventKey(e.contract, e.name, h, i, j), th))
  })
  if (!store.treeNodesInCache) for (const [nodeHash, bytes] of c.stateNodes) put(stateNodeKey(nodeHash), bytes)
  for (const [codeHash, code] of c.codes) put(key(NS.code, hex(codeHash)), utf8.encode(code))
  if (store.flatInStore) {
    for (const w of c.flat) {
      if (w.value === null) writes.push({ type: 'del', key: w.key })
      else put(w.key, w.value)
    }
  }
  put(key(NS.undo, bh), encode(undoCodec, c.flat.map((w) => (w.previous === null ? { key: w.key } : { key: w.key, previous: w.previous }))))
  put(META.head, bh)
  await writeBatch(store, writes)
}

/** Decode a block's undo log: the writes that put the flat state back as before the block. */
export function decodeUndo(bytes: Uint8Array): Array<{ key: Uint8Array; value: Uint8Array | null }> {
  return decode(undoCodec, bytes).map((u) => ({ key: u.key, value: u.previous ?? null }))
}
