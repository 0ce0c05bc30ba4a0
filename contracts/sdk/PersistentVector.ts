import { decodeStored, encodeStored, type Storable } from './codec.ts'

/**
 * A growable array in contract storage: the length in `<prefix>#`, item i in `<prefix>:<i>`.
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
    return decodeStored<T>(__chain.get(this.prefix + ':' + index)!)
  }
  set(index: number, value: T): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      __chain.revert(`PersistentVector ${this.prefix}: index ${index} out of range`)
    }
    __chain.set(this.prefix + ':' + index, encodeStored(value))
  }
  push(value: T): number {
    const n = this.length
    __chain.set(this.prefix + ':' + n, encodeStored(value))
    __chain.set(this.prefix + '#', String(n + 1))
    return n + 1
  }
  pop(): T | undefined {
    const n = this.length
    if (n === 0) return undefined
    const key = this.prefix + ':' + (n - 1)
    const value = decodeStored<T>(__chain.get(key)!)
    __chain.delete(key)
    __chain.set(this.prefix + '#', String(n - 1))
    return value
  }
  *[Symbol.iterator](): IterableIterator<T> {
    const n = this.length
    for (let i = 0; i < n; i++) yield decodeStored<T>(__chain.get(this.prefix + ':' + i)!)
  }
}
