import type { ChainState } from '../../vm/index.ts'
import type { Account } from '../state/Account.ts'
import type { StateChanges } from '../state/applyStateChanges.ts'

/** Synchronous reads of the state a block builds on (a StateView plus the code store). */
export interface StateReader {
  getAccount(address: string): Account | undefined
  getStorage(contract: string, key: string): string | undefined
  getCode(codeHash: string): string | undefined
}

const EMPTY: Account = Object.freeze({ nonce: 0n, balance: 0n })

/**
 * A block's pending writes over its parent's state: what the VM reads during execution (it
 * implements the VM's ChainState), and the account, storage and code changes the block commits.
 */
export class BlockState implements ChainState {
  readonly accounts = new Map<string, Account>()
  readonly storage = new Map<string, string | null>()
  readonly codes = new Map<string, string>()

  /** The state this block's writes are over: its parent's (see rebase). */
  private parent: StateReader
  constructor(base: StateReader) {
    this.parent = base
  }
  get base(): StateReader {
    return this.parent
  }

  /**
   * Read through `base` from now on instead: the same state by another route. Automine executes
   * a block on the one before it while that one is still being sealed; once that one is
   * committed into the flat state, reads go straight there rather than through its overlay.
   */
  rebase(base: StateReader): void {
    this.parent = base
  }

  getAccount(address: string): Account | undefined {
    return this.accounts.get(address) ?? this.parent.getAccount(address)
  }
  /** The account, or an empty one (nonce 0, balance 0) for an address never seen. */
  account(address: string): Account {
    return this.getAccount(address) ?? EMPTY
  }
  setAccount(address: string, account: Account): void {
    this.accounts.set(address, account)
  }
  /** The account as this block last wrote it, or undefined if the block has not written it. */
  pendingAccount(address: string): Account | undefined {
    return this.accounts.get(address)
  }
  /** Put back what {@link pendingAccount} returned: the block's write, or no write at all. */
  restoreAccount(address: string, pending: Account | undefined): void {
    if (pending === undefined) this.accounts.delete(address)
    else this.accounts.set(address, pending)
  }
  getStorage(contract: string, key: string): string | undefined {
    const k = contract + key
    if (this.storage.has(k)) return this.storage.get(k) ?? undefined
    return this.parent.getStorage(contract, key)
  }
  setStorage(contract: string, key: string, value: string | null): void {
    this.storage.set(contract + key, value)
  }
  getBalance(address: string): bigint {
    return this.account(address).balance
  }
  getCodeHash(address: string): string | undefined {
    return this.account(address).codeHash
  }
  getCode(codeHash: string): string | undefined {
    return this.codes.get(codeHash) ?? this.parent.getCode(codeHash)
  }

  /** The block's writes, in a fixed order (sorted keys) for the state tree. */
  changes(): StateChanges {
    const accounts = [...this.accounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([address, account]) => ({ address, account }))
    const storage = [...this.storage]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      // Keys are `<42-char address><key>`: addresses have a fixed length.
      .map(([k, value]) => ({ contract: k.slice(0, 42), key: k.slice(42), value }))
    return { accounts, storage }
  }
}
