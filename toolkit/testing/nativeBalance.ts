import { callRpc } from '../client/callRpc.ts'
import type { Provider } from '../client/Provider.ts'

/** Anything with an ERC20-style `balanceOf` (a typed token contract is one). */
export interface BalanceSource {
  balanceOf(account: string): Promise<bigint>
}

/** Native balances of a chain (`chain.native`): a BalanceSource that knows its provider, for fees. */
export interface NativeBalance extends BalanceSource {
  readonly native: true
  readonly provider: Provider
}

/**
 * Native balances over `provider`.
 * @example await expectBalanceChange(() => alice.send({ type: 'transfer', to: bob }, { value: 5n }), nativeBalance(provider), bob, 5n)
 */
export function nativeBalance(provider: Provider): NativeBalance {
  return Object.freeze({
    native: true as const,
    provider,
    balanceOf: async (account: string) => BigInt(await callRpc(provider, 'chain_getBalance', [account])),
  })
}
