/**
 * The types of a typed contract, derived from the contract module itself:
 * `Contract<typeof import('./ERC20.ts')>`. No code generation: an export marked `view(...)` is a
 * `View<A, R>` and becomes a read method `(...A) => Promise<R>`; `call(...)` is a `Call<A, R, O>`
 * and becomes a write method; `event<T>(...)` is an `EventDef<T>` and gives a typed event;
 * everything else (constants, types, `init`) is left out of the method set.
 */
import type { Abi } from '../../contracts/sdk/abi.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import type { SendOptions, Wallet } from './createWallet.ts'
import type { TxReceipt } from './decodeReceipt.ts'
import type { Provider, Unsubscribe } from './Provider.ts'
import type { WaitOptions } from './waitForReceipt.ts'

/** An event decoded with its ABI: bigint fields are bigints. */
export interface DecodedEvent<N extends string = string, T = Record<string, unknown>> {
  readonly name: N
  readonly contract: string
  readonly args: T
}

/** Where a log sits in the chain. */
export interface LogPosition {
  readonly blockHeight: number
  readonly txHash: string
  readonly txIndex: number
  readonly logIndex: number
}

/**
 * Members of a contract object that are not contract methods. A method with one of these names
 * is still reachable through `contract.read` / `contract.write` / `contract.send`.
 */
export const RESERVED_MEMBERS = ['address', 'abi', 'artifact', 'runner', 'provider', 'read', 'write', 'send', 'estimateGas', 'queryEvents', 'on', 'connect', 'deployment', 'then'] as const
export type ReservedMember = (typeof RESERVED_MEMBERS)[number]

type AnyFn = (...args: any[]) => unknown
type ParamsOf<F> = F extends (...args: infer A) => unknown ? A : never
type ReturnOf<F> = F extends (...args: any[]) => infer R ? R : never
/** True when no module type was given (plain `contractAt(artifact, ...)`). */
type IsUntyped<M> = unknown extends M ? true : false

/** Names of the module's `view` exports. */
export type ViewName<M> = { [K in keyof M]-?: M[K] extends AnyFn & { readonly $kind: 'view' } ? K : never }[keyof M] & string
/** Names of the module's `call` exports. */
export type CallName<M> = { [K in keyof M]-?: M[K] extends AnyFn & { readonly $kind: 'call' } ? K : never }[keyof M] & string
/** Names of the module's `event` exports (exported under their event name; the compiler checks). */
export type EventName<M> = IsUntyped<M> extends true ? string : { [K in keyof M]-?: M[K] extends { readonly $event: unknown } ? K : never }[keyof M] & string
/** The fields of event `K`. */
export type EventArgs<M, K extends string> = IsUntyped<M> extends true ? Record<string, unknown> : K extends keyof M ? (M[K] extends { readonly $event: infer T } ? T : never) : never
/** The constructor's arguments (`init` export), or none. */
export type InitArgs<M> = IsUntyped<M> extends true
  ? unknown[]
  : [{ [K in keyof M]-?: M[K] extends AnyFn & { readonly $kind: 'init' } ? ParamsOf<M[K]> : never }[keyof M]] extends [never]
    ? []
    : { [K in keyof M]-?: M[K] extends AnyFn & { readonly $kind: 'init' } ? ParamsOf<M[K]> : never }[keyof M]

/** An event of the contract, discriminated by `name`. */
export type ContractEvent<M, K extends string = EventName<M>> = IsUntyped<M> extends true
  ? DecodedEvent
  : { [N in K]: DecodedEvent<N, EventArgs<M, N>> }[K]

/** A contract event with its place in the chain (queryEvents, on). */
export type ContractLog<M, K extends string = EventName<M>> = ContractEvent<M, K> & LogPosition

/** Options of a write, after the method's own arguments: transaction fields and how to wait. */
export interface WriteOptions extends SendOptions {
  readonly wait?: WaitOptions
}

/** A mined, successful call. */
export interface CallResult<R, E = DecodedEvent> {
  readonly hash: string
  readonly receipt: TxReceipt
  /** The method's return value, decoded with the ABI (bigints are bigints). */
  readonly returnValue: R
  /** This contract's events in the receipt, decoded (other contracts' are in `receipt.events`). */
  readonly events: readonly E[]
}

/** A call the node accepted; `wait()` resolves with its CallResult, or throws ContractError if it failed. */
export interface SentCall<R, E = DecodedEvent> {
  readonly hash: string
  readonly nonce: bigint
  wait(options?: WaitOptions): Promise<CallResult<R, E>>
}

type WriteArgs<F> = [...args: ParamsOf<F>, options?: WriteOptions]

/** View methods: run with chain_call at the head, return decoded. */
export type ReadMethods<M> = IsUntyped<M> extends true
  ? Readonly<Record<string, (...args: unknown[]) => Promise<unknown>>>
  : { readonly [K in ViewName<M>]: (...args: ParamsOf<M[K]>) => Promise<ReturnOf<M[K]>> }

/** Call methods: send, wait for the receipt, resolve with the decoded result (throw ContractError on failure). */
export type WriteMethods<M> = IsUntyped<M> extends true
  ? Readonly<Record<string, (...args: unknown[]) => Promise<CallResult<unknown>>>>
  : { readonly [K in CallName<M>]: (...args: WriteArgs<M[K]>) => Promise<CallResult<ReturnOf<M[K]>, ContractEvent<M>>> }

/** Call methods that resolve once the node accepted the transaction, before it is mined. */
export type SendMethods<M> = IsUntyped<M> extends true
  ? Readonly<Record<string, (...args: unknown[]) => Promise<SentCall<unknown>>>>
  : { readonly [K in CallName<M>]: (...args: WriteArgs<M[K]>) => Promise<SentCall<ReturnOf<M[K]>, ContractEvent<M>>> }

/** The gas limit a write would use (dry run × 1.2 + intrinsic); throws ContractError if it would fail. */
export type EstimateGasMethods<M> = IsUntyped<M> extends true
  ? Readonly<Record<string, (...args: unknown[]) => Promise<number>>>
  : { readonly [K in CallName<M>]: (...args: WriteArgs<M[K]>) => Promise<number> }

export interface EventQuery {
  readonly fromBlock?: number
  readonly toBlock?: number
  readonly limit?: number
}

/** What every contract object has besides its methods. */
export interface ContractBase<M> {
  readonly address: string
  readonly abi: Abi
  /** Present when built from an artifact: failures then carry their TypeScript line. */
  readonly artifact: Artifact | undefined
  readonly runner: Wallet | Provider
  readonly provider: Provider
  readonly read: ReadMethods<M>
  readonly write: WriteMethods<M>
  readonly send: SendMethods<M>
  readonly estimateGas: EstimateGasMethods<M>
  /** Past events from the node's index (chain_getLogs), oldest first; all events without a name. */
  queryEvents<K extends EventName<M>>(name?: K, query?: EventQuery): Promise<Array<ContractLog<M, K>>>
  /** New events as blocks are made (logs subscription: WebSocket or in-process providers). */
  on<K extends EventName<M>>(name: K, listener: (event: ContractLog<M, K>) => void, onError?: (error: Error) => void): Promise<Unsubscribe>
  /** The same contract with another runner (e.g. another wallet). */
  connect(runner: Wallet | Provider): Contract<M>
}

/**
 * A typed contract: its views and calls as methods (calls wait for the receipt), plus
 * {@link ContractBase}. Methods named like a reserved member are only under read/write/send.
 * @example
 * const token = contractAt<typeof import('./ERC20.ts')>(artifact, address, wallet)
 * await token.balanceOf(alice)            // Promise<bigint>
 * const { events } = await token.transfer(bob, 5n)
 */
export type Contract<M> = ContractBase<M> & (IsUntyped<M> extends true ? unknown : Omit<ReadMethods<M> & WriteMethods<M>, ReservedMember>)

/** A contract just deployed: the contract plus its deploy transaction. */
export type DeployedContract<M> = Contract<M> & {
  readonly deployment: { readonly hash: string; readonly receipt: TxReceipt }
}
