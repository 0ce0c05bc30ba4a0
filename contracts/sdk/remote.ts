import type { Address } from './context.ts'
import type { CallOptions } from './host.ts'
import type { Call, View } from './methods.ts'

type Callable = View<any, any> | Call<any, any, any>

/** The methods of a contract module `M` (`typeof import('./Token')`), callable from another contract. */
export type Remote<M> = {
  readonly [K in keyof M as M[K] extends Callable ? K : never]: M[K] extends (...args: infer A) => infer R
    ? (...args: A) => R
    : never
} & {
  readonly address: Address
  /** The same handle, with gas and native value to forward on each call. */
  with(options: CallOptions): Remote<M>
}

/**
 * A typed handle on another contract. Calls are synchronous; a failure of the callee throws a
 * CallError (see `isCallError`) that the caller may catch.
 * @example
 * import type * as Token from './ERC20.ts'
 * const token = contract<typeof Token>(tokenAddress)
 * token.transferFrom(msg.sender, selfAddress(), amount)
 */
export function contract<M>(address: Address, options?: CallOptions): Remote<M> {
  // Handles without options are cached per address: contracts create them on every call.
  if (options === undefined) {
    let handle = handles.get(address)
    if (!handle) {
      handle = makeHandle(address, {})
      handles.set(address, handle)
    }
    return handle as Remote<M>
  }
  return makeHandle(address, options) as Remote<M>
}

const handles = new Map<string, Remote<unknown>>()

function makeHandle(address: Address, options: CallOptions): Remote<unknown> {
  const methods = new Map<string, (...args: unknown[]) => unknown>()
  return new Proxy({} as Remote<unknown>, {
    get(_target, name) {
      if (name === 'address') return address
      if (name === 'with') return (next: CallOptions) => contract<unknown>(address, { ...options, ...next })
      if (typeof name !== 'string') return undefined
      let fn = methods.get(name)
      if (!fn) {
        fn = (...args: unknown[]) => __chain.callWith(address, name, args, options)
        methods.set(name, fn)
      }
      return fn
    },
  })
}
