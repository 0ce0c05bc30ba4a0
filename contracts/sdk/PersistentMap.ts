import { decodeStored, encodeKey, encodeStored, type Key, type Storable } from './codec.ts'

/**
 * A map in contract storage. Each entry is one storage slot `<prefix>:<key>`; reads and writes
 * cost gas per character.
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
    const raw = __chain.get(this.base + encodeKey(key))
    return raw === undefined ? undefined : decodeStored<V>(raw)
  }
  set(key: K, value: V): void {
    __chain.set(this.base + encodeKey(key), encodeStored(value))
  }
  has(key: K): boolean {
    return __chain.has(this.base + encodeKey(key))
  }
  delete(key: K): void {
    __chain.delete(this.base + encodeKey(key))
  }
}
