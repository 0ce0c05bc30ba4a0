import type { Key, Storable } from './codec.ts'

/**
 * A map in contract storage. Each entry is one storage slot `<prefix>:<key>`; reads and writes
 * cost gas per character. Values are kept in the stored-value format of codec.ts (encoded by
 * the VM: `__chain.getStored` / `setStored`).
 * @example
 * const balances = new PersistentMap<Address, bigint>('balances')
 * balances.set(to, (balances.get(to) ?? 0n) + amount)
 */
export class PersistentMap<K extends Key, V extends Storable> {
  private readonly base: string
  constructor(readonly prefix: string) {
    this.base = prefix + ':'
  }
  get(key: K): V | undefined {
    return __chain.getStored(this.base + (typeof key === 'string' ? key : __chain.keyOf(key))) as V | undefined
  }
  set(key: K, value: V): void {
    __chain.setStored(this.base + (typeof key === 'string' ? key : __chain.keyOf(key)), value)
  }
  has(key: K): boolean {
    return __chain.has(this.base + (typeof key === 'string' ? key : __chain.keyOf(key)))
  }
  delete(key: K): void {
    __chain.delete(this.base + (typeof key === 'string' ? key : __chain.keyOf(key)))
  }
}
