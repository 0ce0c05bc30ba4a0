import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signTransaction } from '../chain/signTransaction.ts'
import { txHash } from '../chain/txHash.ts'
import type { Payload } from '../chain/types.ts'
import { devKeyPair, DEV_PHRASE, address } from '../crypto/keys.ts'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { applyTransaction } from './applyTransaction.ts'
import { BlockState } from './BlockState.ts'

const alice = devKeyPair(DEV_PHRASE, 0)
const aliceAddr = address(alice.publicKey)
const bob = '0x' + '0b'.repeat(20)
const proposer = '0x' + 'cc'.repeat(20)
const block = { height: 1, time: 0, proposer }

let vm: Vm
beforeAll(async () => {
  vm = await createVm({ instances: 17 })
})
afterAll(() => disposeVm(vm))

function state(balance = 1_000_000n) {
  const accounts = new Map([[aliceAddr, { nonce: 0n, balance }]])
  return new BlockState({ getAccount: (a) => accounts.get(a), getStorage: () => undefined, getCode: () => undefined })
}
const tx = (payload: Payload, over: Partial<{ nonce: bigint; gasLimit: number; gasPrice: bigint; value: bigint }> = {}) =>
  signTransaction({ chainId: 'c', nonce: 0n, gasLimit: 30_000, gasPrice: 2n, value: 0n, payload, ...over }, alice.secretKey)

describe('applyTransaction', () => {
  it('native transfer: value moves, the fee (gas used × price) goes to the proposer, nonce increments', () => {
    const s = state()
    const t = tx({ type: 'transfer', to: bob }, { value: 100n })
    const r = applyTransaction(vm, s, block, t, txHash(t), 1e9)
    expect(r.ok && r.receipt).toMatchObject({ status: 'success', gasUsed: 21_000, fee: 42_000n })
    expect(s.account(bob).balance).toBe(100n)
    expect(s.account(proposer).balance).toBe(42_000n)
    expect(s.account(aliceAddr)).toEqual({ nonce: 1n, balance: 1_000_000n - 100n - 42_000n })
  })

  it('not includable: wrong nonce, funds below gasLimit × price + value, over the block gas, below intrinsic; state untouched', () => {
    const s = state(50_000n)
    const cases: Array<[ReturnType<typeof tx>, string]> = [
      [tx({ type: 'transfer', to: bob }, { nonce: 1n }), 'TX_NONCE_MISMATCH'],
      [tx({ type: 'transfer', to: bob }, { value: 1n }), 'TX_INSUFFICIENT_FUNDS'],
      [tx({ type: 'transfer', to: bob }, { gasLimit: 20_000 }), 'TX_GAS_BELOW_INTRINSIC'],
    ]
    for (const [t, code] of cases) expect(applyTransaction(vm, s, block, t, txHash(t), 1e9)).toEqual({ ok: false, code })
    const t = tx({ type: 'transfer', to: bob }, { gasPrice: 1n })
    expect(applyTransaction(vm, s, block, t, txHash(t), 25_000)).toEqual({ ok: false, code: 'TX_BLOCK_GAS_EXCEEDED' })
    expect(s.accounts.size).toBe(0)
  })

  it('a failing call: receipt with the VM code, fee charged, nonce used, no other change', () => {
    const s = state()
    const t = tx({ type: 'call', to: bob, method: 'x', args: '[]' })
    const r = applyTransaction(vm, s, block, t, txHash(t), 1e9)
    expect(r.ok && r.receipt).toMatchObject({ status: 'failure', code: 'NO_CONTRACT' })
    expect(s.account(aliceAddr).nonce).toBe(1n)
    expect(s.storage.size).toBe(0)
  })

  it('stake before proof of stake: failed receipt UNSUPPORTED_PAYLOAD charging intrinsic gas', () => {
    const s = state()
    const t = tx({ type: 'stake', validator: bob })
    const r = applyTransaction(vm, s, block, t, txHash(t), 1e9)
    expect(r.ok && r.receipt).toMatchObject({ status: 'failure', code: 'UNSUPPORTED_PAYLOAD', gasUsed: 21_000 })
  })
})
