/**
 * A malicious token: on `transferFrom` it calls back into the AMM that is pulling it, trying
 * to swap again mid-swap. The VM must refuse the re-entry.
 */
import { PersistentMap, PersistentValue, call, contract, selfAddress, view, type Address } from '../../../contracts/sdk/index.ts'
import type * as AMM from '../../../contracts/standard/AMM.ts'

const balances = new PersistentMap<Address, bigint>('bal')
const target = new PersistentValue<Address>('target')
const other = new PersistentValue<Address>('other')

export const arm = call((amm: Address, otherToken: Address): void => {
  target.set(amm)
  other.set(otherToken)
})
export const mintTo = call((to: Address, amount: bigint): void => balances.set(to, (balances.get(to) ?? 0n) + amount))
export const balanceOf = view((a: Address): bigint => balances.get(a) ?? 0n)
export const approve = call((_spender: Address, _amount: bigint): boolean => true)
export const transfer = call((to: Address, amount: bigint): boolean => {
  return true
})
export const transferFrom = call((from: Address, to: Address, amount: bigint): boolean => {
  const amm = target.get()
  if (amm) contract<typeof AMM>(amm).swapExactIn(selfAddress(), other.get()!, 1n, 0n, from)
  balances.set(from, (balances.get(from) ?? 0n) - amount)
  balances.set(to, (balances.get(to) ?? 0n) + amount)
  return true
})
