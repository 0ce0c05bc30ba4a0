/**
 * Chain data types. Identifiers (addresses, hashes, roots) are `0x` lowercase hex strings, as in
 * the SDK and the VM; key material and opaque bytes are `Uint8Array`. Gas, heights and times are
 * safe-integer numbers (as in the VM); nonces (u64, as in state) and amounts of money are bigints.
 * All integers are minimal varints or minimal big-endian magnitudes on the wire. The codecs in `codecs.ts` are typed against these, so a schema that drifts from them
 * fails to compile.
 */

/** `0x` + 40 lowercase hex digits (20 bytes on the wire). */
export type Address = string

/** `0x` + 64 lowercase hex digits (32 bytes on the wire). */
export type Hash = string

/** What a transaction does. `stake`/`unstake` are reserved for proof of stake: encoded now, executed later. */
export type Payload =
  | { readonly type: 'transfer'; readonly to: Address }
  /** `args`: JSON.stringify of the constructor arguments array (bigints as decimal strings). */
  | { readonly type: 'deploy'; readonly code: string; readonly args: string }
  | { readonly type: 'call'; readonly to: Address; readonly method: string; readonly args: string }
  /** Without `amount`, the transaction value is staked. */
  | { readonly type: 'stake'; readonly validator: Address; readonly amount?: bigint }
  | { readonly type: 'unstake'; readonly validator: Address; readonly amount: bigint }

/** An unsigned transaction. */
export interface Transaction {
  readonly chainId: string
  /** Number of transactions the sender has sent before this one (u64, a bigint like the account nonce in state). */
  readonly nonce: bigint
  /** The sender's 32-byte ed25519 public key; the sender's address is derived from it. */
  readonly from: Uint8Array
  readonly gasLimit: number
  /** Fee per unit of gas, in the native token's smallest unit. */
  readonly gasPrice: bigint
  /** Native tokens sent along (to the recipient, the new contract, or the stake). */
  readonly value: bigint
  readonly payload: Payload
}

/** A transaction with the sender's 64-byte signature over `signingHash(tx)`. */
export interface SignedTransaction extends Transaction {
  readonly signature: Uint8Array
}

/** A block header; its hash (`blockHash`) identifies the block. */
export interface BlockHeader {
  readonly chainId: string
  readonly height: number
  /** Hash of the parent header (32 zero bytes for genesis). */
  readonly parentHash: Hash
  /** Milliseconds since the epoch, UTC. */
  readonly timestamp: number
  readonly stateRoot: Hash
  /** `txRoot(transactions)`. */
  readonly txRoot: Hash
  /** `receiptsRoot(receipts)`. */
  readonly receiptsRoot: Hash
  readonly gasUsed: number
  readonly gasLimit: number
  readonly proposer: Address
  /** Engine-specific fields (PoW nonce, PoS signature, ...), opaque at this layer. */
  readonly consensus: Uint8Array
}

/** A header and its transactions, in execution order. */
export interface Block {
  readonly header: BlockHeader
  readonly transactions: readonly SignedTransaction[]
}

/** An event emitted during a transaction. `data` is canonical JSON. */
export interface ReceiptEvent {
  readonly contract: Address
  readonly name: string
  readonly data: string
}

/** The result of executing one transaction. Failure is data: status, code and reason. */
export interface Receipt {
  readonly txHash: Hash
  readonly status: 'success' | 'failure'
  readonly gasUsed: number
  /** gasUsed × gasPrice, charged to the sender. */
  readonly fee: bigint
  /** A VM error code (`OUT_OF_GAS`, `REVERT`, ...) on failure. */
  readonly code?: string
  readonly reason?: string
  /** Canonical JSON of the return value, on success. */
  readonly returnValue?: string
  readonly events: readonly ReceiptEvent[]
  /** The new contract's address, for a successful deploy. */
  readonly contractAddress?: Address
}
