import type { Storable } from './codec.ts'

/** A typed event. Export it so the compiler puts it in the ABI and clients can decode it. */
export interface EventDef<T extends Record<string, Storable>> {
  readonly $event: T
  readonly name: string
  emit(data: T): void
}

/**
 * Declare an event. Export it under the same name you give it: the compiler checks.
 * @example
 * export const Transfer = event<{ from: Address; to: Address; value: bigint }>('Transfer')
 * Transfer.emit({ from, to, value })
 */
export function event<T extends Record<string, Storable>>(name: string): EventDef<T> {
  return Object.freeze({
    name,
    emit(data: T): void {
      __chain.emitValue(name, data)
    },
  }) as unknown as EventDef<T>
}
