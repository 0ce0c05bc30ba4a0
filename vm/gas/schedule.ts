/**
 * The gas schedule: every price the VM charges. It is a consensus parameter: a node that
 * prices differently computes different receipts. Change a price only by adding a new
 * version; genesis records the version a chain runs.
 *
 * Scale: 1 gas is roughly one AST node of straight-line contract code (tens of nanoseconds
 * in QuickJS). Host-call prices follow Cosmos SDK's storage prices (read 1000 + 3/byte,
 * write 2000 + 30/byte), which keep storage the dominant cost as it is on disk.
 */
export interface GasSchedule {
  readonly version: number
  /** Charged on entering any function, plus `perNode` for each node of its straight-line body. */
  readonly functionEntry: number
  /** Charged on each loop iteration, plus `perNode` for each node of the loop body. */
  readonly loopIteration: number
  readonly perNode: number
  /** Each firing of the engine's interrupt poll (every 10,000 polls, incl. regex backtracking). */
  readonly interruptPoll: number
  readonly storageReadBase: number
  readonly storageReadPerChar: number
  readonly storageWriteBase: number
  readonly storageWritePerChar: number
  readonly storageDelete: number
  readonly storageHas: number
  readonly eventBase: number
  readonly eventPerChar: number
  readonly balanceRead: number
  readonly nativeTransfer: number
  readonly callBase: number
  readonly callPerChar: number
  /** Native builtins (repeat, join, split, JSON, sort, typed arrays, ...) per unit of size. */
  readonly builtinBase: number
  readonly builtinPerUnit: number
  /** Deploy: per character of submitted code (instrumentation and storage). */
  readonly deployPerChar: number
}

export const GAS_SCHEDULE_V1: GasSchedule = Object.freeze({
  version: 1,
  functionEntry: 10,
  loopIteration: 4,
  perNode: 1,
  interruptPoll: 10_000,
  storageReadBase: 1_000,
  storageReadPerChar: 3,
  storageWriteBase: 2_000,
  storageWritePerChar: 30,
  storageDelete: 1_000,
  storageHas: 800,
  eventBase: 500,
  eventPerChar: 10,
  balanceRead: 500,
  nativeTransfer: 2_000,
  callBase: 2_500,
  callPerChar: 3,
  builtinBase: 5,
  builtinPerUnit: 1,
  deployPerChar: 20,
})
