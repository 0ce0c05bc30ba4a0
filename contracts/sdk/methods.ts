/**
 * Method markers. A contract's public surface is its exports wrapped in `view`, `call` or
 * `init`. The marker is visible three ways: at run time (`$kind` on the function, read by the
 * VM), in the TypeScript types (the `$kind` property, read by the compiler to build the ABI),
 * and to clients through `typeof import('./MyContract')`.
 */

/** Flags of a state-changing method. */
export interface MethodOptions {
  /** Accept native value with the call (refused otherwise). */
  readonly payable?: boolean
  /** Allow this method to be entered while the contract is already on the call stack. */
  readonly reentrant?: boolean
}

/** A read-only method: it may read storage and call other views; writes are refused. */
export interface View<A extends unknown[], R> {
  (...args: A): R
  readonly $kind: 'view'
}

/** A state-changing method, called by a transaction or another contract. */
export interface Call<A extends unknown[], R, O extends MethodOptions = {}> {
  (...args: A): R
  readonly $kind: 'call'
  readonly $options: O
}

/** The constructor: runs once, in the deploy transaction. */
export interface Init<A extends unknown[], O extends MethodOptions = {}> {
  (...args: A): void
  readonly $kind: 'init'
  readonly $options: O
}

function mark<F>(fn: F, kind: string, options: MethodOptions): F {
  Object.defineProperty(fn, '$kind', { value: kind })
  Object.defineProperty(fn, '$options', { value: Object.freeze({ ...options }) })
  return fn
}

/**
 * Export a read-only method.
 * @example export const balanceOf = view((owner: Address): bigint => balances.get(owner) ?? 0n)
 */
export function view<A extends unknown[], R>(fn: (...args: A) => R): View<A, R> {
  return mark(fn, 'view', {}) as unknown as View<A, R>
}

/**
 * Export a state-changing method.
 * @example export const deposit = call((): void => { ... }, { payable: true })
 */
export function call<A extends unknown[], R, const O extends MethodOptions = {}>(
  fn: (...args: A) => R,
  options?: O,
): Call<A, R, O> {
  return mark(fn, 'call', options ?? {}) as unknown as Call<A, R, O>
}

/**
 * Export the constructor. At most one per contract; it runs in the deploy transaction.
 * @example export const setup = init((name: string, supply: bigint) => { ... })
 */
export function init<A extends unknown[], const O extends MethodOptions = {}>(
  fn: (...args: A) => void,
  options?: O,
): Init<A, O> {
  return mark(fn, 'init', options ?? {}) as unknown as Init<A, O>
}
