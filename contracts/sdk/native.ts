import type { Address } from './context.ts'

/** Native balance of `address` (defaults to this contract). */
export function nativeBalance(address: Address = __chain.ctx.self): bigint {
  return BigInt(__chain.balance(address))
}

/** Send native value from this contract to `to`. */
export function sendNative(to: Address, amount: bigint): void {
  __chain.transfer(to, amount.toString())
}
