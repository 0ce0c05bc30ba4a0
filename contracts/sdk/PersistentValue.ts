import { decodeStored, encodeStored, type Storable } from './codec.ts'

/**
 * A single value in contract storage.
 * @example const owner = new PersistentValue<Address>('owner'); owner.set(msg.sender)
 */
export class PersistentValue<T extends Storable> {
  constructor(readonly key: string) {}
  get(): T | undefined {
    const raw = __chain.get(this.key)
    return raw === undefined ? undefined : decodeStored<T>(raw)
  }
  /** The value, or `fallback` when none was ever set. */
  getOr(fallback: T): T {
    const v = this.get()
    return v === undefined ? fallback : v
  }
  set(value: T): void {
    __chain.set(this.key, encodeStored(value))
  }
  clear(): void {
    __chain.delete(this.key)
  }
}
