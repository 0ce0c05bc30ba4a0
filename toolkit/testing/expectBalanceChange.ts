import { AssertionError } from 'node:assert'
import { callRpc } from '../client/callRpc.ts'
import type { Provider } from '../client/Provider.ts'
import { activeChain } from './activeChain.ts'
import type { BalanceSource, NativeBalance } from './nativeBalance.ts'
import { TestingError } from './TestingError.ts'

/** An address, or anything with one (a wallet, a contract). */
export type AccountLike = string | { readonly address: string }

export interface BalanceChangeOptions {
  /**
   * Native balances only: count the transaction fees the account paid in the change. Default
   * false: fees are added back, so the change is the value moved (as Hardhat's
   * changeEtherBalance does).
   */
  readonly includeFee?: boolean
}

/**
 * Assert that running `action` changes `account`'s balance by exactly `delta` (negative for a
 * decrease). `token` is a token contract (`balanceOf`), or `'native'` / `chain.native` for the
 * chain's own currency, where the fees the account paid are left out unless `includeFee`.
 * Resolves with what `action` resolved with.
 * @example
 * await expectBalanceChange(() => token.transfer(bob, 5n), token, bob, 5n)
 * await expectBalanceChange(() => wallet.send({ type: 'transfer', to: bob }, { value: 10n }), 'native', wallet, -10n)
 */
export async function expectBalanceChange<R>(action: () => Promise<R>, token: BalanceSource | 'native', account: AccountLike, delta: bigint, options: BalanceChangeOptions = {}): Promise<R> {
  return expectBalanceChanges(action, token, [[account, delta]], options)
}

/**
 * {@link expectBalanceChange} for several accounts at once: every change must match.
 * @example await expectBalanceChanges(() => token.transfer(bob, 5n), token, [[alice, -5n], [bob, 5n]])
 */
export async function expectBalanceChanges<R>(
  action: () => Promise<R>,
  token: BalanceSource | 'native',
  changes: ReadonlyArray<readonly [AccountLike, bigint]>,
  options: BalanceChangeOptions = {},
): Promise<R> {
  if (typeof action !== 'function') {
    throw new TestingError('INVALID_ARGUMENT', 'expectBalanceChange takes a function that starts the transaction (() => token.transfer(...)), so the balance can be read before it runs', { got: typeof action })
  }
  const source = token === 'native' ? activeChain().native : token
  const native = isNative(source) ? source : undefined
  const accounts = changes.map(([a]) => (typeof a === 'string' ? a : a.address))
  const heightBefore = native && !options.includeFee ? await callRpc(native.provider, 'chain_blockNumber', []) : 0
  const before = await Promise.all(accounts.map((a) => source.balanceOf(a)))
  const result = await action()
  const after = await Promise.all(accounts.map((a) => source.balanceOf(a)))
  const fees = native && !options.includeFee ? await feesPaid(native.provider, accounts, heightBefore) : new Map<string, bigint>()
  const actual = accounts.map((a, i) => after[i]! - before[i]! + (fees.get(a) ?? 0n))
  const expected = changes.map(([, d]) => d)
  if (actual.some((d, i) => d !== expected[i])) {
    const lines = accounts.map((a, i) => `  ${a}: expected ${fmt(expected[i]!)}, got ${fmt(actual[i]!)}${fees.get(a) ? ` (net fees of ${fees.get(a)} left out)` : ''}`)
    throw new AssertionError({
      message: `balance change mismatch:\n${lines.join('\n')}`,
      actual: Object.fromEntries(accounts.map((a, i) => [a, actual[i]])),
      expected: Object.fromEntries(accounts.map((a, i) => [a, expected[i]])),
      operator: 'expectBalanceChange',
    })
  }
  return result
}

const fmt = (d: bigint) => (d > 0n ? `+${d}` : String(d))

function isNative(source: BalanceSource): source is NativeBalance {
  return (source as Partial<NativeBalance>).native === true && (source as Partial<NativeBalance>).provider !== undefined
}

/**
 * Net fees of `accounts` in the blocks after `fromHeight`, up to the head: fees paid as senders
 * minus fees received as the block's proposer (on a dev chain that is dev account 0, which
 * would otherwise see its own fees come back).
 */
async function feesPaid(provider: Provider, accounts: readonly string[], fromHeight: number): Promise<Map<string, bigint>> {
  const fees = new Map<string, bigint>()
  const wanted = new Set(accounts)
  const add = (a: string, v: bigint) => fees.set(a, (fees.get(a) ?? 0n) + v)
  const head = await callRpc(provider, 'chain_blockNumber', [])
  for (let h = fromHeight + 1; h <= head; h++) {
    const block = await callRpc(provider, 'chain_getBlockByNumber', [h, true])
    for (const tx of block?.transactions ?? []) {
      if (typeof tx === 'string') continue
      const paysOrEarns = wanted.has(tx.from) || wanted.has(block!.proposer)
      if (!paysOrEarns) continue
      const receipt = await callRpc(provider, 'chain_getTransactionReceipt', [tx.hash])
      if (!receipt) continue
      if (wanted.has(tx.from)) add(tx.from, BigInt(receipt.fee))
      if (wanted.has(block!.proposer)) add(block!.proposer, -BigInt(receipt.fee))
    }
  }
  return fees
}
