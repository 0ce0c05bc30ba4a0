/**
 * The door between contract code and the chain: the `__chain` global that the VM's prelude
 * installs in every sandbox before contract code runs. The SDK is a typed layer over it;
 * contracts may use it directly with the same rights and the same gas charges.
 *
 * Encoding rules (bind both sides):
 * - storage keys and values are strings; the VM charges per character.
 * - `args`, return values and event data cross the boundary as canonical JSON: bigint as a
 *   decimal string, decoded by the receiver using the ABI type (see abi.ts).
 */
export interface ChainHost {
  get(key: string): string | undefined
  set(key: string, value: string): void
  delete(key: string): void
  has(key: string): boolean
  /** Log an event of the executing contract. `data` is canonical JSON. */
  emit(name: string, data: string): void
  /** Native balance of `address`, decimal string. */
  balance(address: string): string
  /** Move native value from the executing contract to `to`. `amount` is a decimal string. */
  transfer(to: string, amount: string): void
  /**
   * Synchronous call into another contract. `args` is canonical JSON (an array). Returns the
   * callee's return value decoded with the callee's ABI. A failure of the callee throws a
   * `CallError` the caller may catch; its writes and events are already rolled back.
   */
  call(address: string, method: string, args: string, options?: CallOptions): unknown
  /** `get`, then the value decoded from the stored-value format (codec.ts); undefined when absent. */
  getStored(key: string): unknown
  /** `set` of `value` in the stored-value format (codec.ts). */
  setStored(key: string, value: unknown): void
  /** A map key as codec.ts `encodeKey` writes it: strings as they are, tuples as JSON. */
  keyOf(key: unknown): string
  /** `emit` with `data` in canonical JSON (bigints as decimal strings). */
  emitValue(name: string, data: unknown): void
  /** `call` with the arguments array in canonical JSON. */
  callWith(address: string, method: string, args: readonly unknown[], options?: CallOptions): unknown
  /** Abort the current call with `reason`: writes and events of this frame are rolled back. */
  revert(reason: string): never
  /** The context of the current call (fresh for every call). */
  readonly ctx: CallContext
  readonly CallError: new (code: string, message: string) => CallErrorLike
}

export interface CallOptions {
  /** Gas to forward; defaults to all but 1/64 of what is left. */
  gas?: number
  /** Native value to send with the call, decimal string or bigint. */
  value?: string | bigint
}

export interface CallContext {
  /** Immediate caller: the account that signed the tx, or the calling contract. */
  readonly sender: string
  /** The account that signed the transaction. */
  readonly origin: string
  /** Address of the executing contract. */
  readonly self: string
  /** Native value sent with this call, decimal string. */
  readonly value: string
  readonly blockHeight: number
  /** Block time in milliseconds since the Unix epoch (UTC). */
  readonly blockTime: number
  readonly txHash: string
  /** True while running a read-only view: writes, events and transfers are refused. */
  readonly readonly: boolean
}

export interface CallErrorLike extends Error {
  /** The callee's outcome code, e.g. `REVERT`, `OUT_OF_GAS`, `NO_SUCH_METHOD`. */
  readonly code: string
}

declare global {
  // eslint-disable-next-line no-var
  var __chain: ChainHost
}
