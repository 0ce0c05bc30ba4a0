import { z } from 'zod'
import { contractAddress } from '../chain/contractAddress.ts'
import { intrinsicGas } from '../chain/intrinsicGas.ts'
import { senderAddress } from '../chain/senderAddress.ts'
import { txHash } from '../chain/txHash.ts'
import type { Block, Receipt, SignedTransaction } from '../chain/types.ts'
import { mineBlock } from '../mineBlock.ts'
import { tipOf, type Node } from '../Node.ts'
import { blockByHash, blockByNumber, callAtHead, estimateExecutionGas, getLogs, getProof, receiptByHash, transactionByHash, type TxLocation } from '../queries.ts'
import { revertToHeight } from '../revertToHeight.ts'
import { encodeProof } from '../state/SparseMerkleProof.ts'
import { submitTransaction } from '../submitTransaction.ts'
import { checkCode } from '../../vm/index.ts'
import { StoreThreadError } from '../storeThread/StoreClient.ts'
import { defineRpcMethod } from './defineRpcMethod.ts'
import { RpcError, defineRpcErrors } from './errors.ts'
import type { RpcMethods } from './types.ts'

/** The node's own JSON-RPC error codes (chain block -32099..-32050). */
export const chainErrors = defineRpcErrors({
  TX_REJECTED: { code: -32050, message: 'Transaction rejected', hint: 'data.code says why (TX_BAD_SIGNATURE, MEMPOOL_NONCE_TOO_LOW, ...); fix it and send again' },
  UNKNOWN_BLOCK: { code: -32051, message: 'Unknown block', hint: 'ask for a height at or below chain_blockNumber' },
  SNAPSHOT_NOT_FOUND: { code: -32052, message: 'Snapshot not found', hint: 'snapshot ids are single use; take a new snapshot' },
  CODE_REJECTED: { code: -32053, message: 'Code rejected', hint: 'data.code and data.reason say why; compile the contract again' },
  NOT_A_CONTRACT: { code: -32054, message: 'No contract at that address', hint: 'set-code replaces existing contracts only; deploy first' },
  STORE_FAILED: { code: -32055, message: 'Store failure', hint: 'the node could not read or write its chain (data.code: NODE_STORE_FAILED, NODE_DATA_CORRUPT); blocks already committed are intact on disk: restart the node' },
})

/** A method table whose handlers answer a store thread failure with STORE_FAILED (and its code) rather than an internal error. */
function withStoreFailures(methods: RpcMethods): RpcMethods {
  const coded = (e: unknown): never => {
    if (e instanceof StoreThreadError) throw new RpcError(chainErrors.STORE_FAILED.code, e.message, { code: e.code })
    throw e
  }
  const out: Record<string, RpcMethods[string]> = {}
  for (const [name, m] of Object.entries(methods)) {
    out[name] = {
      ...m,
      handler: (params, context) => {
        try {
          const r = m.handler(params, context)
          return r instanceof Promise ? r.catch(coded) : r
        } catch (e) {
          return coded(e)
        }
      },
    }
  }
  return out
}

const address = z.string().regex(/^0x[0-9a-f]{40}$/, 'an address: 0x + 40 lowercase hex digits')
const hash = z.string().regex(/^0x[0-9a-f]{64}$/, 'a hash: 0x + 64 lowercase hex digits')
const decimal = z.string().regex(/^[0-9]{1,78}$/, 'a non-negative integer as a decimal string')
const args = z.array(z.unknown()).max(256).default([])
const blockTag = z.union([z.literal('latest'), z.number().int().nonnegative()])

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

/** JSON shape of a transaction. */
export function txJson(tx: SignedTransaction, location?: TxLocation) {
  return {
    hash: txHash(tx),
    chainId: tx.chainId,
    nonce: tx.nonce.toString(),
    from: senderAddress(tx),
    publicKey: hex(tx.from),
    gasLimit: tx.gasLimit,
    gasPrice: tx.gasPrice.toString(),
    value: tx.value.toString(),
    payload: tx.payload,
    signature: hex(tx.signature),
    ...(location ?? {}),
  }
}

/** JSON shape of a block; transactions as hashes or in full. */
export function blockJson(hash: string, block: Block, full: boolean) {
  const h = block.header
  return {
    hash,
    height: h.height,
    parentHash: h.parentHash,
    timestamp: h.timestamp,
    stateRoot: h.stateRoot,
    txRoot: h.txRoot,
    receiptsRoot: h.receiptsRoot,
    gasUsed: h.gasUsed,
    gasLimit: h.gasLimit,
    proposer: h.proposer,
    consensus: hex(h.consensus),
    transactions: full ? block.transactions.map((tx, index) => txJson(tx, { blockHash: hash, blockHeight: h.height, index })) : block.transactions.map(txHash),
  }
}

/** JSON shape of a receipt. */
export function receiptJson(r: Receipt, location: TxLocation) {
  return { ...r, fee: r.fee.toString(), ...location }
}

/**
 * Every chain and dev method, documented (docs/rpc.md is generated from these). Amounts are
 * decimal strings; contract arguments and return values are canonical JSON.
 */
export function chainMethods(node: Node): RpcMethods {
  // A snapshot remembers the head and the dev clock (offset, pending next timestamp), so a
  // revert also undoes time travel.
  const snapshots = new Map<string, { height: number; timeOffsetMs: number; nextTimestamp: number | undefined }>()
  let snapshotSeq = 0
  const head = () => node.head.header
  return withStoreFailures({
    chain_info: defineRpcMethod({
      params: z.tuple([]),
      description: 'Chain identity and head: chain id, network, genesis hash, head height and hash, VM version, consensus.',
      example: { params: [], result: { chainId: 'tsvm-devnet', network: 'devnet', height: 12, headHash: '0x5c1f8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e', genesisHash: '0x9a…', vm: 'quickjs-…+gas:v1', consensus: { engine: 'dev', blockTimeMs: 0 } } },
      handler: () => ({
        chainId: node.config.chainId,
        network: node.config.network,
        height: head().height,
        headHash: node.head.hash,
        genesisHash: node.genesisHash,
        vm: node.vm.version,
        consensus: node.config.consensus,
        minGasPrice: node.config.gas.minGasPrice.toString(),
        blockGasLimit: node.config.gas.blockGasLimit,
        maxTxGas: Math.min(node.config.gas.maxTxGas, node.config.gas.blockGasLimit),
      }),
    }),
    chain_blockNumber: defineRpcMethod({
      params: z.tuple([]),
      description: 'Height of the head block.',
      example: { params: [], result: 12 },
      handler: () => head().height,
    }),
    chain_getBalance: defineRpcMethod({
      params: z.tuple([address]),
      description: 'Native balance of an account at the head, decimal string.',
      example: { params: ['0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200'], result: '1000000000000000000000000' },
      handler: ([a]) => (node.flat.getAccount(a)?.balance ?? 0n).toString(),
    }),
    chain_getNonce: defineRpcMethod({
      params: z.tuple([address, z.enum(['latest', 'pending']).optional()]),
      description: "The account's next nonce at the head, or counting its pending transactions ('pending').",
      example: { params: ['0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200', 'pending'], result: '3' },
      handler: ([a, tag]) => {
        if (tag !== 'pending') return (node.flat.getAccount(a)?.nonce ?? 0n).toString()
        // Pending: its transactions in blocks still being sealed, then those in the pool.
        let n = tipOf(node).state.getAccount(a)?.nonce ?? 0n
        const mine = node.mempool.bySender.get(a)
        while (mine?.has(n)) n++
        return n.toString()
      },
    }),
    chain_getCode: defineRpcMethod({
      params: z.tuple([address]),
      description: 'The code deployed at an address and its hash, or null for an account without code.',
      example: { params: ['0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855'], result: { codeHash: '0x4f…', code: '"use strict";…' } },
      handler: ([a]) => {
        const codeHash = node.flat.getAccount(a)?.codeHash
        return codeHash ? { codeHash, code: node.flat.getCode(codeHash) ?? null } : null
      },
    }),
    chain_sendRawTransaction: defineRpcMethod({
      params: z.tuple([z.string().regex(/^0x([0-9a-f]{2})+$/, 'hex-encoded signed transaction bytes')]),
      description: 'Submit a signed transaction (hex of its canonical encoding). Returns its hash; under automine the block is already committed when this returns.',
      example: { params: ['0x0b7473766d2d6465766e6574'], result: '0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c' },
      handler: async ([raw]) => {
        const r = await submitTransaction(node, Buffer.from(raw.slice(2), 'hex'))
        if (!r.ok) throw new RpcError(chainErrors.TX_REJECTED.code, r.message, { code: r.code })
        return r.hash
      },
    }),
    chain_call: defineRpcMethod({
      params: z.tuple([z.object({ from: address.optional(), to: address, method: z.string().min(1).max(256), args, value: decimal.optional(), gasLimit: z.number().int().positive().optional() })]),
      description: 'Run a method at the head without a transaction, read-only (a write fails with STATIC_CALL_VIOLATION; use chain_estimateGas to dry-run a write). Returns the outcome: status, returnValue (canonical JSON), gasUsed, code and reason on failure, events, and debug frames for failures.',
      example: { params: [{ to: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', method: 'balanceOf', args: ['0x2f72aa5388db1f20616cb4466b909af8e43d65b4'] }], result: { status: 'success', returnValue: '"25"', gasUsed: 3519, events: [] } },
      handler: ([q]) => {
        const out = callAtHead(node, { ...(q.from ? { from: q.from } : {}), to: q.to, method: q.method, args: JSON.stringify(q.args), ...(q.value ? { value: BigInt(q.value) } : {}), ...(q.gasLimit ? { gasLimit: q.gasLimit } : {}) })
        return { status: out.status, returnValue: out.returnValue, gasUsed: out.gasUsed, code: out.code, reason: out.reason, events: out.events, debug: out.debug }
      },
    }),
    chain_estimateGas: defineRpcMethod({
      params: z.tuple([z.object({ from: address, to: address.optional(), method: z.string().optional(), code: z.string().optional(), args, value: decimal.optional() })]),
      description: 'Dry-run a transaction at the head (writes allowed, nothing kept): gas (execution plus intrinsic) and the outcome: status, return value, events, code and reason on failure. Give `to` and `method` for a call, `code` for a deploy.',
      example: { params: [{ from: '0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200', to: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', method: 'transfer', args: ['0x2f72aa5388db1f20616cb4466b909af8e43d65b4', '1'] }], result: { gas: 34251, executionGas: 12403, intrinsicGas: 21848, status: 'success' } },
      handler: ([q]) => {
        const argsText = JSON.stringify(q.args)
        const payload = q.code !== undefined ? { type: 'deploy' as const, code: q.code, args: argsText } : { type: 'call' as const, to: q.to ?? '0x' + '0'.repeat(40), method: q.method ?? '', args: argsText }
        if (payload.type === 'call' && (!q.to || !q.method)) throw new RpcError(-32602, 'give to and method for a call, or code for a deploy')
        const out = estimateExecutionGas(node, { from: q.from, ...(q.to ? { to: q.to } : {}), ...(q.method ? { method: q.method } : {}), ...(q.code !== undefined ? { code: q.code } : {}), args: argsText, ...(q.value ? { value: BigInt(q.value) } : {}) })
        const intrinsic = intrinsicGas({ payload })
        return { gas: out.gasUsed + intrinsic, executionGas: out.gasUsed, intrinsicGas: intrinsic, status: out.status, returnValue: out.returnValue, events: out.events, code: out.code, reason: out.reason, debug: out.debug }
      },
    }),
    chain_getBlockByNumber: defineRpcMethod({
      params: z.tuple([blockTag, z.boolean().optional()]),
      description: "A block by height ('latest' for the head); transactions as hashes, or in full with `true`. Null if there is no such block.",
      example: { params: ['latest', false], result: { hash: '0x5c1f8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e', height: 12, parentHash: '0x1f…', timestamp: 1767225600000, stateRoot: '0x…', transactions: ['0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c'] } },
      handler: async ([tag, full]) => {
        const found = await blockByNumber(node, tag === 'latest' ? head().height : tag)
        return found ? blockJson(found.hash, found.block, full === true) : null
      },
    }),
    chain_getBlockByHash: defineRpcMethod({
      params: z.tuple([hash, z.boolean().optional()]),
      description: 'A block by hash, or null.',
      example: { params: ['0x5c1f8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e', false], result: { hash: '0x5c1f8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e', height: 12 } },
      handler: async ([h, full]) => {
        const block = await blockByHash(node, h)
        return block ? blockJson(h, block, full === true) : null
      },
    }),
    chain_getTransaction: defineRpcMethod({
      params: z.tuple([hash]),
      description: 'A mined transaction with its block and index, or null.',
      example: { params: ['0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c'], result: { hash: '0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c', from: '0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200', nonce: '0', payload: { type: 'call', to: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', method: 'transfer', args: '["0x2f72aa5388db1f20616cb4466b909af8e43d65b4","25"]' }, blockHeight: 2, index: 0 } },
      handler: async ([h]) => {
        const found = await transactionByHash(node, h)
        return found ? txJson(found.tx, found.location) : null
      },
    }),
    chain_getTransactionReceipt: defineRpcMethod({
      params: z.tuple([hash]),
      description: 'The receipt of a mined transaction (status, gasUsed, fee, code and reason on failure, return value, events, new contract address), or null.',
      example: { params: ['0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c'], result: { txHash: '0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c', status: 'success', gasUsed: 34251, fee: '34251', returnValue: 'true', events: [{ contract: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', name: 'Transfer', data: '{"from":"0xaaf8…","to":"0x2f72…","value":"25"}' }], blockHash: '0x5c1f8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e', blockHeight: 2, index: 0 } },
      handler: async ([h]) => {
        const found = await receiptByHash(node, h)
        return found ? receiptJson(found.receipt, found.location) : null
      },
    }),
    chain_getLogs: defineRpcMethod({
      params: z.tuple([z.object({ contract: address, event: z.string().optional(), fromBlock: z.number().int().nonnegative().optional(), toBlock: z.number().int().nonnegative().optional(), limit: z.number().int().positive().max(10_000).optional() })]),
      description: "Events of a contract, optionally one event name, in a block range, oldest first (from the node's event index).",
      example: { params: [{ contract: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', event: 'Transfer', fromBlock: 0 }], result: [{ contract: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', name: 'Transfer', data: '{…}', blockHeight: 2, txHash: '0x7d2a5f0c9e1b3a4d6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c', txIndex: 0, logIndex: 0 }] },
      handler: ([f]) => getLogs(node, { contract: f.contract, ...(f.event !== undefined ? { event: f.event } : {}), ...(f.fromBlock !== undefined ? { fromBlock: f.fromBlock } : {}), ...(f.toBlock !== undefined ? { toBlock: f.toBlock } : {}), ...(f.limit !== undefined ? { limit: f.limit } : {}) }),
    }),
    chain_getProof: defineRpcMethod({
      params: z.tuple([address, z.array(z.string().max(1024)).max(64).default([])]),
      description: "An account and storage slots at the head with sparse-Merkle proofs against the head's state root (proofs hex-encoded; verify with the client's verifyStateProof).",
      example: { params: ['0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', ['bal:0x2f72aa5388db1f20616cb4466b909af8e43d65b4']], result: { stateRoot: '0x…', height: 12, account: { nonce: '1', balance: '0', codeHash: '0x4f…' }, accountProof: '0x…', storage: [{ key: 'bal:0x2f72aa5388db1f20616cb4466b909af8e43d65b4', value: 'n25', proof: '0x…' }] } },
      handler: async ([a, keys]) => {
        const p = await getProof(node, a, keys)
        return {
          address: a,
          stateRoot: p.stateRoot,
          height: p.height,
          account: p.account ? { nonce: p.account.nonce.toString(), balance: p.account.balance.toString(), ...(p.account.codeHash ? { codeHash: p.account.codeHash } : {}) } : null,
          accountProof: hex(encodeProof(p.accountProof)),
          storage: p.storage.map((s) => ({ key: s.key, value: s.value ?? null, proof: hex(encodeProof(s.proof)) })),
        }
      },
    }),
    chain_predictContractAddress: defineRpcMethod({
      params: z.tuple([address, decimal]),
      description: 'Address a deploy from `sender` with `nonce` will create.',
      example: { params: ['0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200', '0'], result: '0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855' },
      handler: ([sender, nonce]) => contractAddress(sender, BigInt(nonce)),
    }),
    dev_accounts: defineRpcMethod({
      params: z.tuple([]),
      description: 'The prefunded dev accounts with their secret keys (dev chains only: these keys are public).',
      example: { params: [], result: [{ address: '0xaaf8e6b3a8971c0b3e1eb79b070f8572e744a200', secretKey: '0x…' }] },
      handler: () => node.devAccounts.map((a) => ({ address: a.address, secretKey: hex(a.keys.secretKey) })),
    }),
    dev_mine: defineRpcMethod({
      params: z.tuple([z.number().int().positive().max(10_000).optional(), z.number().int().nonnegative().optional()]),
      description: 'Mine `count` blocks (default 1) with what is pending; the first at `timestamp` if given. Returns the block hashes.',
      example: { params: [2], result: ['0x…', '0x…'] },
      handler: async ([count, timestamp]) => {
        const hashes: string[] = []
        for (let i = 0; i < (count ?? 1); i++) hashes.push((await mineBlock(node, i === 0 && timestamp !== undefined ? { timestamp } : {})).hash)
        return hashes
      },
    }),
    dev_snapshot: defineRpcMethod({
      params: z.tuple([]),
      description: 'Remember the current head; dev_revert returns to it. Returns the snapshot id.',
      example: { params: [], result: '0x1' },
      handler: () => {
        const id = '0x' + (++snapshotSeq).toString(16)
        snapshots.set(id, { height: head().height, timeOffsetMs: node.timeOffsetMs, nextTimestamp: node.nextTimestamp })
        return id
      },
    }),
    dev_revert: defineRpcMethod({
      params: z.tuple([z.string()]),
      description: 'Roll the chain back to a snapshot: blocks after it are removed, the pool is cleared, and the dev clock (increaseTime, setNextBlockTimestamp) is put back. The snapshot and later ones are used up.',
      example: { params: ['0x1'], result: true },
      handler: async ([id]) => {
        const snap = snapshots.get(id)
        if (snap === undefined) throw new RpcError(chainErrors.SNAPSHOT_NOT_FOUND.code)
        for (const k of [...snapshots.keys()]) if (Number.parseInt(k, 16) >= Number.parseInt(id, 16)) snapshots.delete(k)
        if (snap.height < head().height) await revertToHeight(node, snap.height)
        node.timeOffsetMs = snap.timeOffsetMs
        node.nextTimestamp = snap.nextTimestamp
        return true
      },
    }),
    dev_setBalance: defineRpcMethod({
      params: z.tuple([address, decimal]),
      description: 'Set an account balance (mined as a block, so state roots stay verifiable).',
      example: { params: ['0x2f72aa5388db1f20616cb4466b909af8e43d65b4', '1000000000000000000'], result: '0x…' },
      handler: async ([a, amount]) =>
        (await mineBlock(node, { preState: (s) => s.setAccount(a, { ...s.account(a), balance: BigInt(amount) }) })).hash,
    }),
    dev_increaseTime: defineRpcMethod({
      params: z.tuple([z.number().int().nonnegative().max(10 * 365 * 86_400_000)]),
      description: 'Move block time forward by `ms` for all later blocks. Returns the total offset in ms.',
      example: { params: [3_600_000], result: 3_600_000 },
      handler: ([ms]) => (node.timeOffsetMs += ms),
    }),
    dev_setNextBlockTimestamp: defineRpcMethod({
      params: z.tuple([z.number().int().nonnegative()]),
      description: 'Exact timestamp (ms) of the next block; it must be later than the head.',
      example: { params: [1767229200000], result: true },
      handler: ([ts]) => {
        if (ts <= head().timestamp) throw new RpcError(-32602, `the next block time must be after ${head().timestamp}`)
        node.nextTimestamp = ts
        return true
      },
    }),
    dev_setCode: defineRpcMethod({
      params: z.tuple([address, z.string().min(1)]),
      description: "Replace a contract's code in place, keeping its storage (hot reload on dev chains). The code is validated and loaded first; mined as a block.",
      example: { params: ['0x1ec70b54932e3aab9d560ad396d7a3ca6c1ab855', '"use strict";…'], result: { codeHash: '0x…', block: '0x…' } },
      handler: async ([a, code]) => {
        if (!node.flat.getAccount(a)?.codeHash) throw new RpcError(chainErrors.NOT_A_CONTRACT.code)
        const check = checkCode(node.vm, code)
        if (!check.ok) throw new RpcError(chainErrors.CODE_REJECTED.code, `${check.code}: ${check.reason}`, { code: check.code, reason: check.reason, line: check.line })
        const block = await mineBlock(node, {
          preState: (s) => {
            s.codes.set(check.codeHash, code)
            s.setAccount(a, { ...s.account(a), codeHash: check.codeHash })
          },
        })
        return { codeHash: check.codeHash, block: block.hash }
      },
    }),
  })
}
