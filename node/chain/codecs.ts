/**
 * The wire schemas of chain data, one per type in `types.ts`. The maxima here are hard caps of
 * the format (a block holding a longer field does not decode on any node); policy limits such as
 * `maxTxBytes` are tighter and live with their callers.
 */
import {
  biguint,
  bytes,
  enumOf,
  hexBytes,
  list,
  memoized,
  optional,
  string,
  struct,
  u53,
  u64,
  union,
  varBytes,
  type Codec,
  type MemoizedCodec,
} from '../codec/codec.ts'
import type { Block, BlockHeader, Payload, Receipt, SignedTransaction, Transaction } from './types.ts'

/** Hard caps of the wire format, in bytes (strings: UTF-8 bytes) or items. */
export const WIRE_LIMITS = Object.freeze({
  chainIdBytes: 64,
  codeBytes: 4 * 1024 * 1024,
  methodBytes: 256,
  argsBytes: 1024 * 1024,
  /** Amounts are at most 256 bits. */
  amountBytes: 32,
  consensusBytes: 64 * 1024,
  transactionsPerBlock: 100_000,
  eventsPerReceipt: 65_536,
  eventNameBytes: 256,
  eventDataBytes: 1024 * 1024,
  codeNameBytes: 64,
  reasonBytes: 64 * 1024,
  returnValueBytes: 1024 * 1024,
})

/** An address: 20 bytes on the wire, `0x` + 40 lowercase hex digits in memory. */
export const addressCodec = hexBytes(20)
/** A hash or root: 32 bytes on the wire, `0x` + 64 lowercase hex digits in memory. */
export const hashCodec = hexBytes(32)

const amount = biguint({ maxBytes: WIRE_LIMITS.amountBytes })
const args = string({ max: WIRE_LIMITS.argsBytes })

/** Payload variants with explicit, never-reused tags. */
export const payloadCodec: Codec<Payload> = union('type', {
  transfer: [0, struct([['to', addressCodec]])],
  deploy: [
    1,
    struct([
      ['code', string({ max: WIRE_LIMITS.codeBytes })],
      ['args', args],
    ]),
  ],
  call: [
    2,
    struct([
      ['to', addressCodec],
      ['method', string({ max: WIRE_LIMITS.methodBytes })],
      ['args', args],
    ]),
  ],
  stake: [
    3,
    struct([
      ['validator', addressCodec],
      ['amount', optional(amount)],
    ]),
  ],
  unstake: [
    4,
    struct([
      ['validator', addressCodec],
      ['amount', amount],
    ]),
  ],
})

const transactionFields = [
  ['chainId', string({ max: WIRE_LIMITS.chainIdBytes })],
  ['nonce', u64],
  ['from', bytes(32)],
  ['gasLimit', u53],
  ['gasPrice', amount],
  ['value', amount],
  ['payload', payloadCodec],
] as const

/** An unsigned transaction: what the signature covers. */
export const transactionCodec: Codec<Transaction> = struct(transactionFields)

/**
 * A signed transaction: the unsigned encoding followed by the 64-byte signature. Memoized: a
 * transaction object is encoded once (for its hash, the block, the root), however often asked.
 */
export const signedTransactionCodec: MemoizedCodec<SignedTransaction> = memoized(struct([...transactionFields, ['signature', bytes(64)]]))

/** A block header (memoized: its hash and the block's encoding share one encode). */
export const blockHeaderCodec: MemoizedCodec<BlockHeader> = memoized(struct([
  ['chainId', string({ max: WIRE_LIMITS.chainIdBytes })],
  ['height', u53],
  ['parentHash', hashCodec],
  ['timestamp', u53],
  ['stateRoot', hashCodec],
  ['txRoot', hashCodec],
  ['receiptsRoot', hashCodec],
  ['gasUsed', u53],
  ['gasLimit', u53],
  ['proposer', addressCodec],
  ['consensus', varBytes({ max: WIRE_LIMITS.consensusBytes })],
]))

/** A block: header, then the signed transactions. */
export const blockCodec: Codec<Block> = struct([
  ['header', blockHeaderCodec],
  ['transactions', list(signedTransactionCodec, { max: WIRE_LIMITS.transactionsPerBlock })],
])

/** A receipt (memoized: the receipts root and the stored receipt share one encode). */
export const receiptCodec: MemoizedCodec<Receipt> = memoized(struct([
  ['txHash', hashCodec],
  ['status', enumOf(['success', 'failure'])],
  ['gasUsed', u53],
  ['fee', amount],
  ['code', optional(string({ max: WIRE_LIMITS.codeNameBytes }))],
  ['reason', optional(string({ max: WIRE_LIMITS.reasonBytes }))],
  ['returnValue', optional(string({ max: WIRE_LIMITS.returnValueBytes }))],
  [
    'events',
    list(
      struct([
        ['contract', addressCodec],
        ['name', string({ max: WIRE_LIMITS.eventNameBytes })],
        ['data', string({ max: WIRE_LIMITS.eventDataBytes })],
      ]),
      { max: WIRE_LIMITS.eventsPerReceipt },
    ),
  ],
  ['contractAddress', optional(addressCodec)],
]))
