/**
 * How collections store values: a one-letter tag and a body, so that a bigint comes back as a
 * bigint (JSON alone would lose it, as NEAR's SDK learned). Plain data only: class instances
 * come back as plain objects.
 *   n<decimal> bigint · s<text> string · f<number> number · b1/b0 boolean · z null
 *   o<json> a flat object (every value a primitive): a JSON array [key, encoded value, ...]
 *   j<json> other data; inside it a bigint is written as {"$bigint":"<decimal>"}
 * The `o` form exists for speed: structs of amounts (a pool's reserves) are the common case,
 * and encoding them needs no per-key replacer or reviver callbacks.
 * This file is the format's reference. The collections leave the work to the VM
 * (`__chain.getStored` / `setStored` / `keyOf`: the same format in vm/sandbox/prelude.js, with the
 * builtins unmetered and one charge by size); test/vm/storedValues.test.ts checks the two agree.
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
      return 'f' + (Object.is(value, -0) ? '-0' : String(value))
    case 'boolean':
      return value ? 'b1' : 'b0'
    default: {
      if (value === null) return 'z'
      const flat = flatPairs(value)
      return flat ? 'o' + JSON.stringify(flat) : 'j' + JSON.stringify(value, replacer)
    }
  }
}

/** [key, encoded value, ...] when every own value of a plain object is a primitive, else undefined. */
function flatPairs(value: object): string[] | undefined {
  if (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined
  const out: string[] = []
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) continue
    if (v !== null && typeof v === 'object') return undefined
    if (typeof v === 'function' || typeof v === 'symbol') continue
    out.push(key, encodeStored(v as Storable))
  }
  return out
}

/** Decode a value written by {@link encodeStored}. */
export function decodeStored<T extends Storable>(raw: string): T {
  switch (raw.charCodeAt(0)) {
    case 110: // n
      return BigInt(raw.slice(1)) as T
    case 115: // s
      return raw.slice(1) as T
    case 102: // f
      return Number(raw.slice(1)) as T
    case 98: // b
      return (raw === 'b1') as T
    case 122: // z
      return null as T
    case 111: {
      // o
      const pairs = JSON.parse(raw.slice(1)) as string[]
      const out: Record<string, Storable> = {}
      for (let i = 0; i < pairs.length; i += 2) out[pairs[i]!] = decodeStored(pairs[i + 1]!)
      return out as T
    }
    default:
      return JSON.parse(raw.slice(1), reviver) as T
  }
}

/** Encode a map key: strings as they are, numbers and bigints in decimal, tuples as JSON. */
export function encodeKey(key: Key): string {
  if (typeof key === 'string') return key
  if (typeof key === 'object') return JSON.stringify(key, replacer)
  return String(key)
}
