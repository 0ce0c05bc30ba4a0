import type { Storable } from './codec.ts'

/**
 * A single value in contract storage, in the stored-value format of codec.ts.
 * @example const owner = new PersistentValue<Address>('owner'); owner.set(msg.sender)
 */
export class PersistentValue<T extends Storable> {
  constructor(readonly key: string) {}
  get(): T | undefined {
    return __chain.getStored(this.key) as T | undefined
  }
  /** The value, or `fallback` when none was ever set. */
  getOr(fallback: T): T {
    const v = this.get()
    return v === undefined ? fallback : v
  }
  set(value: T): void {
    __chain.setStored(this.key, value)
  }
  clear(): void {
    __chain.delete(this.key)
  }
}
