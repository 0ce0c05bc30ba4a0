import type { CallErrorLike } from './host.ts'

/**
 * Revert the current call unless `condition` holds. Writes and events of this call are
 * rolled back; the caller sees code `REVERT` and `reason`.
 * @example require(balance >= amount, 'insufficient balance')
 */
export function require(condition: unknown, reason: string): asserts condition {
  if (!condition) __chain.revert(reason)
}

/** Revert the current call with `reason`. */
export function revert(reason: string): never {
  return __chain.revert(reason)
}

/** True when `error` is the failure of a call into another contract (see `contract()`). */
export function isCallError(error: unknown): error is CallErrorLike {
  return error instanceof __chain.CallError
}
