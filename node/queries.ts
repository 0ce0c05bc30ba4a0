import { eventNameId } from './blocks/commitBlock.ts'
import { decodeBlock, decodeHeaderOfBlock } from './chain/encodeBlock.ts'
import { decodeReceipt } from './chain/encodeReceipt.ts'
import type { Block, Receipt, ReceiptEvent, SignedTransaction } from './chain/types.ts'
import { BlockState } from './execution/BlockState.ts'
import type { Node } from './Node.ts'
import { decodeAccount, encodeAccount, type Account } from './state/Account.ts'
import type { SparseMerkleProof } from './state/SparseMerkleProof.ts'
import { NS, getValue, key, prefixEnd, scanRange, u64be } from './storage/ChainStore.ts'
import { executeCall, executeDeploy, type CallOutcome } from '../vm/index.ts'

const hex = (h: string) => Buffer.from(h.slice(2), 'hex')
const toHex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

export async function blockByHash(node: Node, hash: string): Promise<Block | undefined> {
  const bytes = await getValue(node.store, key(NS.block, hex(hash)))
  return bytes && decodeBlock(bytes)
}

export async function blockHashAt(node: Node, height: number): Promise<string | undefined> {
  const h = await getValue(node.store, key(NS.canonical, u64be(height)))
  return h && toHex(h)
}

export async function blockByNumber(node: Node, height: number): Promise<{ hash: string; block: Block } | undefined> {
  const hash = await blockHashAt(node, height)
  if (!hash) return undefined
  const block = await blockByHash(node, hash)
  return block && { hash, block }
}

export interface TxLocation {
  readonly blockHash: string
  readonly blockHeight: number
  readonly index: number
}

export async function transactionByHash(node: Node, hash: string): Promise<{ tx: SignedTransaction; location: TxLocation } | undefined> {
  const loc = await getValue(node.store, key(NS.txLocation, hex(hash)))
  if (!loc) return undefined
  const blockHash = toHex(loc.subarray(0, 32))
  const index = Buffer.from(loc).readUInt32BE(32)
  const block = await blockByHash(node, blockHash)
  if (!block) return undefined
  return { tx: block.transactions[index]!, location: { blockHash, blockHeight: block.header.height, index } }
}

export async function receiptByHash(node: Node, hash: string): Promise<{ receipt: Receipt; location: TxLocation } | undefined> {
  const recent = node.recentReceipts.get(hash)
  if (recent !== undefined) return recent
  const bytes = await getValue(node.store, key(NS.receipt, hex(hash)))
  if (!bytes) return undefined
  const loc = await getValue(node.store, key(NS.txLocation, hex(hash)))
  if (!loc) return undefined
  const blockHash = toHex(loc.subarray(0, 32))
  // Only the header is needed (for the height): no need to decode the block's transactions.
  const block = await getValue(node.store, key(NS.block, loc.subarray(0, 32)))
  if (!block) return undefined
  return { receipt: decodeReceipt(bytes), location: { blockHash, blockHeight: decodeHeaderOfBlock(block).height, index: Buffer.from(loc).readUInt32BE(32) } }
}

export interface LogFilter {
  readonly contract: string
  readonly event?: string
  readonly fromBlock?: number
  readonly toBlock?: number
  readonly limit?: number
}

export interface Log extends ReceiptEvent {
  readonly blockHeight: number
  readonly txHash: string
  readonly txIndex: number
  readonly logIndex: number
}

/**
 * Events of a contract (optionally one event name) in a block range, oldest first, from the
 * index. Index keys run contract, event-name id, height: each name's events in the range are one
 * bounded key range, so a query reads only what it returns (per name at most `limit`), however
 * long the chain. Without a name, the contract's name ids are found by seeking past each one.
 */
export async function getLogs(node: Node, filter: LogFilter): Promise<Log[]> {
  const from = filter.fromBlock ?? 0
  const to = filter.toBlock ?? node.head.header.height
  const limit = filter.limit ?? 10_000
  if (to < from) return []
  const contract = hex(filter.contract)
  const names = filter.event === undefined ? await eventNamesOf(node, contract) : [eventNameId(filter.event)]
  const out: Log[] = []
  const receipts = new Map<string, Receipt>()
  for (const name of names) {
    const entries = await scanRange(node.store, { gte: key(NS.event, contract, name, u64be(from)), lt: key(NS.event, contract, name, u64be(to + 1)), limit })
    for (const [k, txHashBytes] of entries) {
      const b = Buffer.from(k.buffer, k.byteOffset, k.byteLength)
      const at = 1 + 20 + 8
      const height = Number(b.readBigUInt64BE(at))
      const txIndex = b.readUInt32BE(at + 8)
      const logIndex = b.readUInt32BE(at + 12)
      const th = toHex(txHashBytes)
      let r = receipts.get(th)
      if (!r) {
        const bytes = await getValue(node.store, key(NS.receipt, hex(th)))
        if (!bytes) continue
        r = decodeReceipt(bytes)
        receipts.set(th, r)
      }
      const e = r.events[logIndex]
      // Name ids are 8 bytes of a hash: a colliding name is filtered out here.
      if (!e || (filter.event !== undefined && e.name !== filter.event)) continue
      out.push({ ...e, blockHeight: height, txHash: th, txIndex, logIndex })
    }
  }
  out.sort((a, b) => a.blockHeight - b.blockHeight || a.txIndex - b.txIndex || a.logIndex - b.logIndex)
  return out.slice(0, limit)
}

/** The event-name ids in the index under `contract`: one short seek per name. */
async function eventNamesOf(node: Node, contract: Uint8Array): Promise<Uint8Array[]> {
  const prefix = key(NS.event, contract)
  const end = prefixEnd(prefix)
  const names: Uint8Array[] = []
  let cursor = prefix
  for (;;) {
    const [first] = await scanRange(node.store, { gte: cursor, ...(end ? { lt: end } : {}), limit: 1 })
    if (!first) return names
    const name = new Uint8Array(first[0].subarray(prefix.length, prefix.length + 8))
    names.push(name)
    const next = prefixEnd(name)
    if (!next) return names // all 0xff: no later name
    cursor = key(NS.event, contract, next)
  }
}

export interface CallQuery {
  readonly from?: string
  readonly to: string
  readonly method: string
  readonly args: string
  readonly value?: bigint
  readonly gasLimit?: number
}

/** Run a method against the head state without a transaction; nothing is written. */
export function callAtHead(node: Node, q: CallQuery, readonly = true): CallOutcome {
  return executeCall(node.vm, new BlockState(node.flat), { height: node.head.header.height + 1, time: Math.max(Date.now() + node.timeOffsetMs, node.head.header.timestamp + 1) }, {
    from: q.from ?? '0x' + '0'.repeat(40),
    to: q.to,
    method: q.method,
    args: q.args,
    value: q.value ?? 0n,
    gasLimit: q.gasLimit ?? node.config.gas.maxTxGas,
    txHash: '0x' + '0'.repeat(64),
    readonly,
  })
}

/** Gas a call or deploy would use at the head (execution gas; add intrinsic gas for a tx). */
export function estimateExecutionGas(node: Node, q: { from: string; to?: string; method?: string; code?: string; args: string; value?: bigint }): CallOutcome {
  if (q.code !== undefined) {
    return executeDeploy(node.vm, new BlockState(node.flat), { height: node.head.header.height + 1, time: node.head.header.timestamp + 1 }, {
      from: q.from,
      address: '0x' + 'ff'.repeat(20),
      code: q.code,
      args: q.args,
      value: q.value ?? 0n,
      gasLimit: node.config.gas.maxTxGas,
      txHash: '0x' + '0'.repeat(64),
    })
  }
  return callAtHead(node, { from: q.from, to: q.to!, method: q.method!, args: q.args, ...(q.value !== undefined ? { value: q.value } : {}) }, false)
}

export interface StateProof {
  readonly stateRoot: string
  readonly height: number
  readonly account: Account | undefined
  readonly accountProof: SparseMerkleProof
  readonly storage: ReadonlyArray<{ readonly key: string; readonly value: string | undefined; readonly proof: SparseMerkleProof }>
}

/** Account and storage values at the head with proofs against its state root (built by the store thread). */
export async function getProof(node: Node, address: string, keys: readonly string[]): Promise<StateProof> {
  const head = node.head
  const proved = await node.store.prove(head.header.stateRoot, address, keys)
  const storage = proved.storage.map((p) => ({ key: p.key, value: p.value === undefined ? undefined : Buffer.from(p.value).toString('utf8'), proof: p.proof }))
  const value = proved.account.value
  const account = value === undefined ? undefined : decodeAccount(value)
  // Checked against the live state while that is still this head's (a block may have been committed meanwhile).
  const live = node.head === head ? node.flat.getAccount(address) : account
  if ((live === undefined) !== (value === undefined) || (live && Buffer.compare(Buffer.from(value!), Buffer.from(encodeAccount(live))) !== 0)) {
    throw new Error('state proof disagrees with the live state: the data directory may be damaged')
  }
  return { stateRoot: head.header.stateRoot, height: head.header.height, account, accountProof: proved.account.proof, storage }
}
