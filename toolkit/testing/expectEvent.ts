import { AssertionError } from 'node:assert'
import { isDeepStrictEqual } from 'node:util'
import { encodeValue } from '../../contracts/sdk/abi.ts'
import type { DecodedEvent } from '../client/Contract.ts'
import type { RpcEvent } from '../client/rpcSchema.ts'

/** An expected field: a value (compared exactly, bigints as bigints) or a predicate. */
export type FieldExpectation<T> = T | ((value: T) => boolean)

/** Expected fields of an event; fields left out are not checked. */
export type EventExpectation<T> = { readonly [K in keyof T]?: FieldExpectation<T[K]> }

/** What expectEvent reads: a call's result (`{ events, receipt }`), or just decoded events. */
export interface EventSource<E extends DecodedEvent = DecodedEvent> {
  readonly events: readonly E[]
  readonly receipt?: { readonly events: readonly RpcEvent[] }
}

export interface ExpectEventOptions {
  /** Only events emitted by this contract (an address, or anything with `address`). */
  readonly contract?: string | { readonly address: string }
}

type Named<E, N> = E extends { readonly name: N } ? E : never

/**
 * Assert that a transaction emitted event `name` with at least the given fields (a partial
 * match: fields left out are not checked; a function is a predicate). Searches the called
 * contract's decoded events first, then every event in the receipt, so events of other
 * contracts (a token's Transfer inside a swap) match too; for those, bigint fields are compared
 * by value. Resolves with the matching event (other contracts' events have the raw JSON
 * values as `args`: bigints as decimal strings).
 * @example
 * await expectEvent(token.transfer(bob, 5n), 'Transfer', { from: alice.address, to: bob, value: 5n })
 * await expectEvent(result, 'Swap', { amountOut: (v) => v > 0n }, { contract: amm })
 */
export async function expectEvent<E extends DecodedEvent, N extends E['name']>(
  result: EventSource<E> | Promise<EventSource<E>>,
  name: N,
  args?: EventExpectation<Named<E, N>['args']>,
  options?: ExpectEventOptions,
): Promise<Named<E, N>>
export async function expectEvent(result: EventSource | Promise<EventSource>, name: string, args?: Record<string, unknown>, options?: ExpectEventOptions): Promise<DecodedEvent>
export async function expectEvent(resultOrPromise: EventSource | Promise<EventSource>, name: string, args: Record<string, unknown> = {}, options: ExpectEventOptions = {}): Promise<DecodedEvent> {
  const result = await resultOrPromise
  const found = findEvents(result, name, args, options)
  if (found.matches.length > 0) return found.matches[0]!
  const wanted = `${name}(${formatFields(args)})`
  const seen = found.seen.map((e) => `${e.name}(${formatFields(e.args)}) from ${e.contract}`)
  throw new AssertionError({
    message: `expected event ${wanted}${options.contract ? ` from ${addressOf(options.contract)}` : ''}; ${seen.length ? `the transaction emitted:\n  ${seen.join('\n  ')}` : 'the transaction emitted no events'}`,
    actual: found.seen.map((e) => ({ name: e.name, contract: e.contract, args: e.args })),
    expected: { name, args: encodeValue(args) },
    operator: 'expectEvent',
  })
}

/**
 * Assert that a transaction did not emit event `name` (with these fields, when given).
 * @example await expectNoEvent(token.transfer(bob, 0n), 'Approval')
 */
export async function expectNoEvent(resultOrPromise: EventSource | Promise<EventSource>, name: string, args: Record<string, unknown> = {}, options: ExpectEventOptions = {}): Promise<void> {
  const result = await resultOrPromise
  const found = findEvents(result, name, args, options)
  if (found.matches.length === 0) return
  const e = found.matches[0]!
  throw new AssertionError({ message: `expected no event ${name}(${formatFields(args)}), got ${e.name}(${formatFields(e.args)}) from ${e.contract}`, actual: e, expected: undefined, operator: 'expectNoEvent' })
}

const addressOf = (c: string | { readonly address: string }): string => (typeof c === 'string' ? c : c.address)

function findEvents(result: EventSource, name: string, args: Record<string, unknown>, options: ExpectEventOptions): { matches: DecodedEvent[]; seen: DecodedEvent[] } {
  const contract = options.contract === undefined ? undefined : addressOf(options.contract)
  const decoded = result.events.filter((e) => contract === undefined || e.contract === contract)
  // Raw receipt events not already among the decoded ones (decoded = the called contract's).
  const decodedFrom = new Set(result.events.map((e) => e.contract))
  const raw: DecodedEvent[] = (result.receipt?.events ?? [])
    .filter((e) => (contract === undefined || e.contract === contract) && !decodedFrom.has(e.contract))
    .map((e) => ({ name: e.name, contract: e.contract, args: parseData(e.data) }))
  const matches = [...decoded.filter((e) => e.name === name && fieldsMatch(e.args as Record<string, unknown>, args, false)), ...raw.filter((e) => e.name === name && fieldsMatch(e.args as Record<string, unknown>, args, true))]
  return { matches, seen: [...decoded, ...raw] }
}

function parseData(data: string): Record<string, unknown> {
  try {
    const v = JSON.parse(data) as unknown
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v }
  } catch {
    return { data }
  }
}

/**
 * Each expected field equals the actual one. Both sides are compared in canonical form
 * (bigint as a decimal string), so a decoded bigint and a raw event's decimal string compare
 * equal. A predicate gets the decoded value; for a raw event (no ABI at hand) a decimal
 * string is passed as a bigint, since that is how amounts travel.
 */
function fieldsMatch(actual: Record<string, unknown>, expected: Record<string, unknown>, raw: boolean): boolean {
  for (const [key, want] of Object.entries(expected)) {
    if (!(key in actual)) return false
    const have = actual[key]
    if (typeof want === 'function') {
      if (!(want as (v: unknown) => unknown)(raw ? rawValue(have) : have)) return false
    } else if (!isDeepStrictEqual(encodeValue(have), encodeValue(want))) {
      return false
    }
  }
  return true
}

function rawValue(v: unknown): unknown {
  return typeof v === 'string' && /^-?(0|[1-9][0-9]*)$/.test(v) ? BigInt(v) : v
}

function formatFields(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}: ${typeof v === 'function' ? '<predicate>' : typeof v === 'bigint' ? `${v}n` : JSON.stringify(encodeValue(v))}`)
    .join(', ')
}
