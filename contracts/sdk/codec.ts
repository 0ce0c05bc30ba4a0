/**
 * How collections store values: a one-letter tag and a body, so that a bigint comes back as a
 * bigint (JSON alone would lose it, as NEAR's SDK learned). Plain data only: class instances
 * come back as plain objects.
 *   n<decimal> bigint · s<text> string · f<number> number · b1/b0 boolean · z null · j<json> data
 * Inside `j`, a bigint is written as {"$bigint":"<decimal>"}.
 */

/**
 * What a collection can hold: plain data (strings, numbers, booleans, bigints, null, and arrays
 * and plain objects of those). Class instances lose their prototype; functions are dropped.
 */
export type Storable = string | number | boolean | bigint | null | object

/** What a map can be keyed by. */
export type Key = string | number | bigint | boolean | readonly Key[]

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { $bigint: value.toString() } : value
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>
    if (typeof o.$bigint === 'string' && Object.keys(o).length === 1) return BigInt(o.$bigint)
  }
  return value
}

/** Encode a value for storage. */
export function encodeStored(value: Storable): string {
  switch (typeof value) {
    case 'bigint':
      return 'n' + value.toString()
    case 'string':
      return 's' + value
    case 'number':
      return 'f' + String(value)
    case 'boolean':
      return value ? 'b1' : 'b0'
    default:
      return value === null ? 'z' : 'j' + JSON.stringify(value, replacer)
  }
}

/** Decode a value written by {@link encodeStored}. */
export function decodeStored<T extends Storable>(raw: string): T {
  const body = raw.slice(1)
  switch (raw.charCodeAt(0)) {
    case 110: // n
      return BigInt(body) as T
    case 115: // s
      return body as T
    case 102: // f
      return Number(body) as T
    case 98: // b
      return (body === '1') as T
    case 122: // z
      return null as T
    default:
      return JSON.parse(body, reviver) as T
  }
}

/** Encode a map key: strings as they are, numbers and bigints in decimal, tuples as JSON. */
export function encodeKey(key: Key): string {
  if (typeof key === 'string') return key
  if (typeof key === 'object') return JSON.stringify(key, replacer)
  return String(key)
}
