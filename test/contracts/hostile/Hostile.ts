/** A contract that tries everything a sandbox must survive. Used by test/vm/hostile.test.ts. */
import { PersistentValue, call, contract, view, type Address } from '../../../contracts/sdk/index.ts'

const slot = new PersistentValue<string>('slot')
const counter = new PersistentValue<number>('counter')

export const ping = view((): string => 'pong')
export const bump = call((): number => {
  const n = counter.getOr(0) + 1
  counter.set(n)
  return n
})

export const infiniteLoop = call((): void => {
  for (;;) {
    // spin
  }
})

/** Calls `target.infiniteLoop()`, swallows its failure, writes and returns as if all went well. */
export const swallowCalleeFailure = call((target: Address): string => {
  try {
    contract<{ infiniteLoop: typeof infiniteLoop }>(target).infiniteLoop()
  } catch {
    // ignored on purpose
  }
  slot.set('after the callee failed')
  return 'carried on'
})

function down(n: number): number {
  return down(n + 1) + 1
}
export const recurse = call((): number => down(0))

export const memoryBomb = call((): number => {
  const chunks: string[][] = []
  for (;;) chunks.push(new Array<string>(50_000).fill('x'.repeat(16) + chunks.length))
})

export const repeatBomb = call((): number => 'x'.repeat(2 ** 28).length)

export const regexBomb = call((): boolean => /^(a+)+$/.test('a'.repeat(34) + 'b'))

export const swallowOutOfGas = call((): string => {
  try {
    for (;;) {
      // spin
    }
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    return 'escaped'
  }
})

export const catchOutOfGasForever = call((): string => {
  for (;;) {
    try {
      for (;;) {
        // spin
      }
    } catch {
      // keep going
    }
  }
})

export const writeAfterOutOfGas = call((): string => {
  try {
    for (;;) {
      // spin
    }
  } catch {
    slot.set('written after running out of gas')
  }
  return 'done'
})

export const pollute = call((): string => {
  const attempts: string[] = []
  const tryIt = (name: string, f: () => void) => {
    try {
      f()
      attempts.push(name + ':ok')
    } catch {
      attempts.push(name + ':refused')
    }
  }
  tryIt('Object.prototype', () => {
    ;(Object.prototype as Record<string, unknown>).polluted = 1
  })
  tryIt('Array.prototype.push', () => {
    Array.prototype.push = () => 0
  })
  tryIt('JSON.stringify', () => {
    ;(JSON as { stringify: unknown }).stringify = () => '"owned"'
  })
  tryIt('globalThis', () => {
    ;(globalThis as Record<string, unknown>).leak = 1
  })
  return attempts.join(',')
})

export const pollutionVisible = view((): boolean => ({} as Record<string, unknown>).polluted !== undefined || (globalThis as Record<string, unknown>).leak !== undefined)

/** Subclassing Error and assigning `name` must still work with frozen intrinsics. */
export const customError = view((): string => {
  class MyError extends Error {
    constructor(m: string) {
      super(m)
      this.name = 'MyError'
    }
  }
  return new MyError('x').name
})

export const useFunctionConstructor = call((): unknown => Function('return 1')())
export const useFunctionViaPrototype = call((): unknown => (function () {}).constructor('return 1')())
export const useIndirectEval = call((): unknown => {
  const indirect = (globalThis as unknown as Record<string, (s: string) => unknown>).eval!
  return indirect('1')
})

export const now = view((): number => Date.now())
export const localDate = view((): number => new Date(2020, 0, 1, 12).getTime())
export const dateString = view((): string => new Date(0).toString() + '|' + new Date(0).getTimezoneOffset())
/** Annex B's two-digit-year accessors, at a moment that is already next year east of UTC. */
export const annexBYear = view((): number[] => {
  type AnnexB = Date & { getYear(): number; setYear(y: number): number }
  const moment = Date.UTC(2025, 11, 31, 23, 30)
  const twoDigit = new Date(moment) as AnnexB
  twoDigit.setYear(99)
  const invalid = new Date(NaN) as AnnexB
  invalid.setYear(2000)
  const cleared = new Date(moment) as AnnexB
  cleared.setYear(NaN)
  return [(new Date(moment) as AnnexB).getYear(), twoDigit.getTime(), invalid.getTime(), Number.isNaN(cleared.getTime()) ? 1 : 0]
})
export const parsedLocal = view((): number => Date.parse('2020-01-01T00:00:00'))
export const random = view((): number[] => [Math.random(), Math.random()])

export const bigReturn = view((): string => 'x'.repeat(100_000))
export const bigWrite = call((): void => slot.set('x'.repeat(70_000)))
export const bigPow = call((): number => (2n ** 100_000n).toString().length)
export const bigShift = call((): number => (1n << 1_000_000n).toString(16).length)

/** An Error whose message getter never returns: describing it must not hang the host. */
export const throwWithEvilGetter = call((): void => {
  class Evil extends Error {
    override get message(): string {
      for (;;) {
        // spin
      }
    }
  }
  throw new Evil()
})

export const throwTypeError = call((): number => {
  const o = undefined as unknown as { x: number }
  return o.x
})

/** Lone surrogates cannot be stored as UTF-8: keys and values with them are refused in the sandbox. */
export const loneSurrogateWrite = call((): void => slot.set('\ud800'))
export const loneSurrogateRevert = call((): void => {
  throw new Error('bad \udc00 reason')
})

/** A revert reason of a megabyte: receipts keep at most 1,024 characters of it. */
export const hugeReason = call((): void => {
  throw new Error('r'.repeat(1_000_000))
})
