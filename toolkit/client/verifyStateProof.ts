import { encodeAccount, type Account } from '../../node/state/Account.ts'
import { decodeProof } from '../../node/state/SparseMerkleProof.ts'
import { accountKey, storageKey, utf8 } from '../../node/state/stateKeys.ts'
import { verifyProof } from '../../node/state/verifyProof.ts'
import type { RpcProof } from './rpcSchema.ts'

/** What a state proof proved: the account (undefined: it does not exist) and the storage values. */
export interface VerifiedState {
  readonly valid: true
  readonly stateRoot: string
  readonly height: number
  readonly account: Account | undefined
  /** Each requested key's proven value (undefined: absent). */
  readonly storage: ReadonlyMap<string, string | undefined>
}

/** Which part of a proof did not check out. */
export interface InvalidState {
  readonly valid: false
  readonly failed: 'stateRoot' | 'account' | 'storage'
  /** The storage key, when `failed` is 'storage'. */
  readonly key?: string
}

const HASH = /^0x[0-9a-f]{64}$/
const HEX = /^0x([0-9a-f]{2})*$/
const DECIMAL = /^(0|[1-9][0-9]*)$/

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.slice(2), 'hex'))

/**
 * Check a `chain_getProof(address, keys)` result without trusting the node: the account and
 * each storage slot against the state root, with sparse-Merkle proofs. The result does not
 * name the address, so give it. The root in the result is the node's claim; pass
 * `stateRoot` from a header you trust (e.g. a block you verified) to check against that.
 * Never throws on bad input: anything malformed or tampered is `valid: false`.
 * @example
 * const proof = await callRpc(provider, 'chain_getProof', [token, ['bal:' + alice]])
 * verifyStateProof(token, proof) // { valid: true, account: { nonce: 0n, balance: 0n, codeHash: '0x…' }, storage: Map { 'bal:0x…' => 'n25' } }
 */
export function verifyStateProof(address: string, proof: RpcProof, options: { readonly stateRoot?: string } = {}): VerifiedState | InvalidState {
  if (typeof proof?.stateRoot !== 'string' || !HASH.test(proof.stateRoot)) return { valid: false, failed: 'stateRoot' }
  if (options.stateRoot !== undefined && options.stateRoot !== proof.stateRoot) return { valid: false, failed: 'stateRoot' }
  const root = bytes(proof.stateRoot)

  let account: Account | undefined
  try {
    const a = proof.account
    if (a !== null) {
      if (!DECIMAL.test(a.nonce) || !DECIMAL.test(a.balance)) return { valid: false, failed: 'account' }
      account = { nonce: BigInt(a.nonce), balance: BigInt(a.balance), ...(a.codeHash !== undefined ? { codeHash: a.codeHash } : {}) }
    }
    const p = typeof proof.accountProof === 'string' && HEX.test(proof.accountProof) ? decodeProof(bytes(proof.accountProof)) : undefined
    if (!p || !verifyProof(root, accountKey(address), account ? encodeAccount(account) : null, p)) return { valid: false, failed: 'account' }
  } catch {
    // encodeAccount refuses out-of-range fields; accountKey a non-canonical address.
    return { valid: false, failed: 'account' }
  }

  const storage = new Map<string, string | undefined>()
  for (const slot of proof.storage ?? []) {
    try {
      const p = typeof slot.proof === 'string' && HEX.test(slot.proof) ? decodeProof(bytes(slot.proof)) : undefined
      const value = slot.value === null ? null : new Uint8Array(utf8(slot.value))
      if (!p || !verifyProof(root, storageKey(address, slot.key), value, p)) return { valid: false, failed: 'storage', key: slot.key }
      storage.set(slot.key, slot.value ?? undefined)
    } catch {
      return { valid: false, failed: 'storage', key: slot.key }
    }
  }
  return { valid: true, stateRoot: proof.stateRoot, height: proof.height, account, storage }
}
