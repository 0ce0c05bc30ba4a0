/**
 * The ABI: what a compiled contract exposes, extracted by the compiler from the contract's
 * TypeScript types and embedded in the bundle as `module.exports.$abi`. The VM uses it to
 * decode arguments (bigint arrives as a decimal string) and to encode return values; clients
 * use it to encode calls and decode results and events.
 */

/** A value's type, as the compiler derived it from TypeScript. */
export type AbiType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'bigint'
  | 'address'
  | 'null'
  | 'void'
  | 'unknown'
  | { readonly literal: string | number | boolean }
  | { readonly array: AbiType }
  | { readonly tuple: readonly AbiType[] }
  | { readonly object: Readonly<Record<string, AbiType>>; readonly optional?: readonly string[] }
  | { readonly record: AbiType }
  | { readonly optional: AbiType }
  | { readonly union: readonly AbiType[] }

export type MethodKind = 'view' | 'call' | 'init'

export interface AbiParam {
  readonly name: string
  readonly type: AbiType
  readonly optional?: boolean
}

export interface AbiMethod {
  readonly name: string
  readonly kind: MethodKind
  readonly payable: boolean
  readonly reentrant: boolean
  readonly params: readonly AbiParam[]
  readonly returns: AbiType
}

export interface AbiEvent {
  readonly name: string
  readonly fields: readonly AbiParam[]
}

export interface Abi {
  readonly version: 1
  readonly methods: readonly AbiMethod[]
  readonly events: readonly AbiEvent[]
}

/** Thrown by {@link decodeValue} when a value does not fit its type. */
export class AbiDecodeError extends Error {
  readonly code = 'INVALID_ARGUMENT'
  constructor(readonly path: string, expected: string) {
    super(`${path}: expected ${expected}`)
    this.name = 'AbiDecodeError'
  }
}

const DECIMAL = /^-?(0|[1-9][0-9]*)$/

/**
 * Turn a JS value into its canonical JSON form: bigint becomes a decimal string, everything
 * else must already be JSON data.
 * @example encodeValue({ a: 1n, b: [2n] }) // { a: '1', b: ['2'] }
 */
export function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined) return null
  if (Array.isArray(value)) {
    const out = new Array(value.length)
    for (let i = 0; i < value.length; i++) out[i] = encodeValue(value[i])
    return out
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = encodeValue(v)
    }
    return out
  }
  return value
}

/**
 * Turn canonical JSON back into a JS value of `type`, checking it on the way: a decimal string
 * at a `bigint` position becomes a bigint. Throws {@link AbiDecodeError} on a mismatch.
 */
export function decodeValue(type: AbiType, value: unknown, path = 'value'): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'unknown':
        return value
      case 'void':
      case 'null':
        if (value === null || value === undefined) return type === 'void' ? undefined : null
        throw new AbiDecodeError(path, type)
      case 'bigint':
        if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value)
        if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
        if (typeof value === 'bigint') return value
        throw new AbiDecodeError(path, 'a decimal integer string')
      case 'address':
      case 'string':
        if (typeof value === 'string') return value
        throw new AbiDecodeError(path, type)
      case 'number':
        if (typeof value === 'number' && Number.isFinite(value)) return value
        throw new AbiDecodeError(path, 'a finite number')
      case 'boolean':
        if (typeof value === 'boolean') return value
        throw new AbiDecodeError(path, 'a boolean')
    }
  }
  if ('literal' in type) {
    if (value === type.literal) return value
    throw new AbiDecodeError(path, JSON.stringify(type.literal))
  }
  if ('optional' in type && !('object' in type)) {
    if (value === null || value === undefined) return undefined
    return decodeValue(type.optional, value, path)
  }
  if ('array' in type) {
    if (!Array.isArray(value)) throw new AbiDecodeError(path, 'an array')
    return value.map((v, i) => decodeValue(type.array, v, `${path}[${i}]`))
  }
  if ('tuple' in type) {
    if (!Array.isArray(value) || value.length !== type.tuple.length) {
      throw new AbiDecodeError(path, `a tuple of ${type.tuple.length}`)
    }
    return type.tuple.map((t, i) => decodeValue(t, value[i], `${path}[${i}]`))
  }
  if ('record' in type) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AbiDecodeError(path, 'an object')
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) out[key] = decodeValue(type.record, (value as Record<string, unknown>)[key], `${path}.${key}`)
    return out
  }
  if ('object' in type) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AbiDecodeError(path, 'an object')
    const optional = type.optional ?? []
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(type.object)) {
      const v = (value as Record<string, unknown>)[key]
      if ((v === undefined || v === null) && optional.includes(key)) continue
      out[key] = decodeValue(type.object[key]!, v, `${path}.${key}`)
    }
    return out
  }
  if ('union' in type) {
    for (const member of type.union) {
      try {
        return decodeValue(member, value, path)
      } catch {
        // try the next member
      }
    }
    throw new AbiDecodeError(path, 'one of the union members')
  }
  throw new AbiDecodeError(path, 'a known ABI type')
}

/** Decode a method's positional arguments from canonical JSON. */
export function decodeArgs(method: AbiMethod, args: readonly unknown[]): unknown[] {
  if (args.length > method.params.length) throw new AbiDecodeError(method.name, `at most ${method.params.length} arguments`)
  return method.params.map((p, i) => {
    const v = args[i]
    if ((v === undefined || v === null) && p.optional) return undefined
    return decodeValue(p.type, v, `${method.name}.${p.name}`)
  })
}
