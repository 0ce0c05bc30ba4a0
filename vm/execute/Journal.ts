import type { BalanceChange, ChainState, StorageChange, VmEvent } from '../types.ts'

const SEP = '\u0000'

interface Entry {
  readonly map: Map<string, unknown>
  readonly key: string
  readonly had: boolean
  readonly prev: unknown
}

/** A position to roll back to. */
export interface Checkpoint {
  readonly log: number
  readonly events: number
}

/**
 * The writes of one transaction over read-only chain state: an overlay plus an undo log, so a
 * failed frame rolls back by undoing entries to its checkpoint (EthereumJS's journaling).
 */
export class Journal {
  private readonly storage = new Map<string, unknown>()
  private readonly balances = new Map<string, unknown>()
  private readonly log: Entry[] = []
  readonly events: VmEvent[] = []

  constructor(readonly state: ChainState) {}

  getStorage(contract: string, key: string): string | undefined {
    const k = contract + SEP + key
    if (this.storage.has(k)) return (this.storage.get(k) as string | null) ?? undefined
    return this.state.getStorage(contract, key)
  }

  setStorage(contract: string, key: string, value: string | null): void {
    this.write(this.storage, contract + SEP + key, value)
  }

  getBalance(address: string): bigint {
    return this.balances.has(address) ? (this.balances.get(address) as bigint) : this.state.getBalance(address)
  }

  setBalance(address: string, balance: bigint): void {
    this.write(this.balances, address, balance)
  }

  emit(event: VmEvent): void {
    this.events.push(event)
  }

  checkpoint(): Checkpoint {
    return { log: this.log.length, events: this.events.length }
  }

  revert(to: Checkpoint): void {
    while (this.log.length > to.log) {
      const e = this.log.pop()!
      if (e.had) e.map.set(e.key, e.prev)
      else e.map.delete(e.key)
    }
    this.events.length = to.events
  }

  /** Storage changes, sorted by contract then key so every node lists them alike. */
  storageChanges(): StorageChange[] {
    const out: StorageChange[] = []
    for (const [k, v] of this.storage) {
      const at = k.indexOf(SEP)
      out.push({ contract: k.slice(0, at), key: k.slice(at + 1), value: v as string | null })
    }
    return out.sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  balanceChanges(): BalanceChange[] {
    return [...this.balances].map(([address, balance]) => ({ address, balance: balance as bigint })).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  }

  private write(map: Map<string, unknown>, key: string, value: unknown): void {
    this.log.push({ map, key, had: map.has(key), prev: map.get(key) })
    map.set(key, value)
  }
}
