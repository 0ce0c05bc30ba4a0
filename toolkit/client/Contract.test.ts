import { describe, expectTypeOf, it } from 'vitest'
import type * as AMM from '../../contracts/standard/AMM.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import type { CallResult, Contract, ContractEvent, ContractLog, DecodedEvent, InitArgs, SentCall, WriteOptions } from './Contract.ts'
import { contractAt } from './contractAt.ts'
import type { Wallet } from './createWallet.ts'
import type { deployContract } from './deployContract.ts'

// Type-level tests: checked by `tsc --noEmit` (and vitest's expectTypeOf is a no-op at run time).
// The functions below are never called; they only need to compile.
type Token = Contract<typeof import('../../contracts/standard/ERC20.ts')>
declare const artifact: Artifact
declare const wallet: Wallet

describe('types straight from typeof import(module)', () => {
  it('views: balanceOf is (account: string) => Promise<bigint>; name is () => Promise<string>', () => {
    const typed = () => {
      const token = contractAt<typeof import('../../contracts/standard/ERC20.ts')>(artifact, '0x', wallet)
      expectTypeOf(token.balanceOf).toEqualTypeOf<(account: string) => Promise<bigint>>()
      expectTypeOf(token.name).toEqualTypeOf<() => Promise<string>>()
      expectTypeOf(token.read.allowance).toEqualTypeOf<(holder: string, spender: string) => Promise<bigint>>()
    }
    expectTypeOf(typed).toBeFunction()
  })

  it('writes: arguments typed, then optional WriteOptions; resolves with CallResult of the return type and the events', () => {
    expectTypeOf<Token['transfer']>().parameters.toEqualTypeOf<[to: string, amount: bigint, options?: WriteOptions]>()
    expectTypeOf<Token['transfer']>().returns.toEqualTypeOf<Promise<CallResult<boolean, ContractEvent<typeof import('../../contracts/standard/ERC20.ts')>>>>()
    expectTypeOf<Token['transfer']>().toBeCallableWith('0xabc', 5n)
    expectTypeOf<Token['transfer']>().toBeCallableWith('0xabc', 5n, { gasPrice: 2n })
    // @ts-expect-error an amount is a bigint, not a number
    expectTypeOf<Token['transfer']>().toBeCallableWith('0xabc', 5)
    expectTypeOf<Token['send']['burn']>().returns.toEqualTypeOf<Promise<SentCall<void, ContractEvent<typeof import('../../contracts/standard/ERC20.ts')>>>>()
    expectTypeOf<Token['estimateGas']['mint']>().returns.toEqualTypeOf<Promise<number>>()
  })

  it('object returns keep their fields: AMM getPool resolves with PoolInfo, addLiquidity with { amountA, amountB, shares }', () => {
    type Pool = Contract<typeof AMM>
    expectTypeOf<Pool['getPool']>().returns.toEqualTypeOf<Promise<AMM.PoolInfo>>()
    expectTypeOf<Awaited<ReturnType<Pool['addLiquidity']>>['returnValue']>().toEqualTypeOf<{ amountA: bigint; amountB: bigint; shares: bigint }>()
  })

  it('exports that are not methods are not on the contract (constants, events, init)', () => {
    type Pool = Contract<typeof AMM>
    expectTypeOf<Pool>().not.toHaveProperty('MINIMUM_LIQUIDITY_SHARES')
    expectTypeOf<Pool>().not.toHaveProperty('Swap')
    expectTypeOf<Token>().not.toHaveProperty('setup')
    expectTypeOf<Token>().not.toHaveProperty('Transfer')
  })

  it('events: a union discriminated by name, args typed from EventDef<T>', () => {
    type E = ContractEvent<typeof import('../../contracts/standard/ERC20.ts')>
    expectTypeOf<E['name']>().toEqualTypeOf<'Transfer' | 'Approval'>()
    expectTypeOf<Extract<E, { name: 'Transfer' }>['args']>().toEqualTypeOf<{ from: string; to: string; value: bigint }>()
    expectTypeOf<Parameters<Token['on']>[0]>().toEqualTypeOf<'Transfer' | 'Approval'>()
    expectTypeOf<ContractLog<typeof import('../../contracts/standard/ERC20.ts'), 'Approval'>['args']>().toEqualTypeOf<{ owner: string; spender: string; value: bigint }>()
  })

  it('deploy: constructor arguments from the init export; none when there is none', () => {
    expectTypeOf<InitArgs<typeof import('../../contracts/standard/ERC20.ts')>>().toEqualTypeOf<[name: string, symbol: string, decimals: number, initialSupply: bigint]>()
    expectTypeOf<InitArgs<typeof AMM>>().toEqualTypeOf<[]>()
    expectTypeOf<Parameters<typeof deployContract<typeof AMM>>[2]>().toEqualTypeOf<[]>()
  })

  it('untyped (no module given): methods under read/write return unknown, events are DecodedEvent', () => {
    type Untyped = Contract<unknown>
    expectTypeOf<Untyped['read']['anything']>().toEqualTypeOf<(...args: unknown[]) => Promise<unknown>>()
    expectTypeOf<Awaited<ReturnType<Untyped['write']['x']>>['events'][number]>().toEqualTypeOf<DecodedEvent>()
  })
})
