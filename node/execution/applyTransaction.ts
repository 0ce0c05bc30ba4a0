import { contractAddress } from '../chain/contractAddress.ts'
import { intrinsicGas } from '../chain/intrinsicGas.ts'
import { senderAddress } from '../chain/senderAddress.ts'
import type { Address, Receipt, SignedTransaction } from '../chain/types.ts'
import { executeCall, executeDeploy, type CallOutcome, type Vm } from '../../vm/index.ts'
import type { BlockState } from './BlockState.ts'

/** Why a transaction cannot be in this block at all (as opposed to a failed receipt). */
export const INCLUSION_ERRORS = {
  TX_NONCE_MISMATCH: 'the nonce is not the account nonce',
  TX_INSUFFICIENT_FUNDS: 'the balance cannot cover gasLimit × gasPrice + value',
  TX_BLOCK_GAS_EXCEEDED: 'the gas limit exceeds what is left in the block',
  TX_GAS_BELOW_INTRINSIC: 'the gas limit is below the intrinsic gas',
  TX_EXECUTION_ABORTED:
    'execution was stopped by the wall-clock backstop or an engine fault, which depend on the machine rather than the transaction, so it is left out of the block; it signals unmetered work in the VM: report it with the contract and call',
} as const
export type InclusionError = keyof typeof INCLUSION_ERRORS

export interface BlockContext {
  readonly height: number
  readonly time: number
  /** Receives the fees. */
  readonly proposer: Address
}

export type ApplyResult = { readonly ok: true; readonly receipt: Receipt } | { readonly ok: false; readonly code: InclusionError }

/**
 * Apply one transaction to the block state: check it may be included (nonce, funds, gas),
 * prepay gas, run it (native transfer, deploy or call through the VM), keep the VM's writes on
 * success, refund unused gas, pay the fee to the proposer. A pure function of its inputs.
 */
export function applyTransaction(vm: Vm, state: BlockState, block: BlockContext, tx: SignedTransaction, hash: string, blockGasLeft: number): ApplyResult {
  const from = senderAddress(tx)
  const account = state.account(from)
  const intrinsic = intrinsicGas(tx)
  if (tx.nonce !== account.nonce) return { ok: false, code: 'TX_NONCE_MISMATCH' }
  if (tx.gasLimit < intrinsic) return { ok: false, code: 'TX_GAS_BELOW_INTRINSIC' }
  if (tx.gasLimit > blockGasLeft) return { ok: false, code: 'TX_BLOCK_GAS_EXCEEDED' }
  const prepaid = BigInt(tx.gasLimit) * tx.gasPrice
  if (account.balance < prepaid + tx.value) return { ok: false, code: 'TX_INSUFFICIENT_FUNDS' }
  const before = state.pendingAccount(from)
  state.setAccount(from, { ...account, nonce: account.nonce + 1n, balance: account.balance - prepaid })

  const gas = tx.gasLimit - intrinsic
  const info = { height: block.height, time: block.time }
  let outcome: CallOutcome | undefined
  let created: string | undefined
  let unsupported: string | undefined
  const p = tx.payload
  switch (p.type) {
    case 'transfer': {
      const payer = state.account(from)
      state.setAccount(from, { ...payer, balance: payer.balance - tx.value })
      const payee = state.account(p.to)
      state.setAccount(p.to, { ...payee, balance: payee.balance + tx.value })
      break
    }
    case 'deploy': {
      const address = contractAddress(from, tx.nonce)
      const out = executeDeploy(vm, state, info, { from, address, code: p.code, args: p.args, value: tx.value, gasLimit: gas, txHash: hash })
      outcome = out
      if (out.status === 'success') {
        created = address
        state.codes.set(out.codeHash, p.code)
        const acct = state.account(address)
        state.setAccount(address, { ...acct, codeHash: out.codeHash })
      }
      break
    }
    case 'call':
      outcome = executeCall(vm, state, info, { from, to: p.to, method: p.method, args: p.args, value: tx.value, gasLimit: gas, txHash: hash })
      break
    default:
      // stake/unstake: valid on the wire, executed once proof of stake exists; until then a
      // failed receipt that charges the intrinsic gas.
      unsupported = `${p.type} transactions need proof-of-stake consensus`
  }
  if (outcome?.status === 'failure' && (outcome.code === 'TIMEOUT' || outcome.code === 'VM_FAULT')) {
    // Not a consensus outcome (another node may finish the same call): undo the prepayment
    // (the only write so far) and leave the transaction out.
    state.restoreAccount(from, before)
    return { ok: false, code: 'TX_EXECUTION_ABORTED' }
  }
  if (outcome?.status === 'success') {
    for (const c of outcome.storageChanges) state.setStorage(c.contract, c.key, c.value)
    for (const b of outcome.balanceChanges) state.setAccount(b.address, { ...state.account(b.address), balance: b.balance })
  }
  const gasUsed = intrinsic + (outcome?.gasUsed ?? 0)
  const fee = BigInt(gasUsed) * tx.gasPrice
  const payer = state.account(from)
  state.setAccount(from, { ...payer, balance: payer.balance + prepaid - fee })
  const proposer = state.account(block.proposer)
  state.setAccount(block.proposer, { ...proposer, balance: proposer.balance + fee })
  const failed = unsupported !== undefined || outcome?.status === 'failure'
  const receipt: Receipt = {
    txHash: hash,
    status: failed ? 'failure' : 'success',
    gasUsed,
    fee,
    ...(unsupported !== undefined ? { code: 'UNSUPPORTED_PAYLOAD', reason: unsupported } : failed ? { code: outcome!.code, reason: outcome!.reason ?? '' } : {}),
    ...(!failed && outcome?.returnValue !== undefined ? { returnValue: outcome.returnValue } : {}),
    events: failed || !outcome ? [] : outcome.events.map((e) => ({ contract: e.contract, name: e.name, data: e.data })),
    ...(created ? { contractAddress: created } : {}),
  }
  return { ok: true, receipt }
}
