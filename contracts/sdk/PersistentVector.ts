import type { Storable } from './codec.ts'

/**
 * A growable array in contract storage: the length in `<prefix>#`, item i in `<prefix>:<i>`
 * (in the stored-value format of codec.ts).
 * @example const holders = new PersistentVector<Address>('holders'); holders.push(addr)
 */
export class PersistentVector<T extends Storable> {
  constructor(readonly prefix: string) {}
  get length(): number {
    const raw = __chain.get(this.prefix + '#')
    return raw === undefined ? 0 : Number(raw)
  }
  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined
    return __chain.getStored(this.prefix + ':' + index) as T
  }
  set(index: number, value: T): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      __chain.revert(`PersistentVector ${this.prefix}: index ${index} out of range`)
    }
    __chain.setStored(this.prefix + ':' + index, value)
  }
  push(value: T): number {
    const n = this.length
    __chain.setStored(this.prefix + ':' + n, value)
    __chain.set(this.prefix + '#', String(n + 1))
    return n + 1
  }
  pop(): T | undefined {
    const n = this.length
    if (n === 0) return undefined
    const key = this.prefix + ':' + (n - 1)
    const value = __chain.getStored(key) as T
    __chain.delete(key)
    __chain.set(this.prefix + '#', String(n - 1))
    return value
  }
  *[Symbol.iterator](): IterableIterator<T> {
    const n = this.length
    for (let i = 0; i < n; i++) yield __chain.getStored(this.prefix + ':' + i) as T
  }
}
