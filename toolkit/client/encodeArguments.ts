import { AbiDecodeError, decodeValue, encodeValue, type AbiMethod, type AbiType } from '../../contracts/sdk/abi.ts'
import { ClientError } from './ClientError.ts'

const ADDRESS = /^0x[0-9a-f]{40}$/

/**
 * Check `args` against a method's parameters and encode them canonically (bigint → decimal
 * string), before anything is sent. The check is the VM's own decoder run on the encoded
 * value, so what passes here decodes in the contract; on top of it addresses must be canonical
 * (0x + 40 lowercase hex), since a differently spelled address would be a different key.
 * Throws ClientError INVALID_ARGUMENT naming the parameter.
 * @example encodeArguments(transferAbi, ['0x2f72…', 5n]) // ['0x2f72…', '5']
 */
export function encodeArguments(method: AbiMethod, args: readonly unknown[]): unknown[] {
  if (args.length > method.params.length) {
    throw new ClientError('INVALID_ARGUMENT', `${method.name} takes ${method.params.length} argument(s), got ${args.length}`, { method: method.name, expected: method.params.length, got: args.length })
  }
  return method.params.map((param, i) => {
    const value = args[i]
    const path = `${method.name}.${param.name}`
    if (value === undefined && param.optional) return null
    const encoded = encodeValue(value)
    try {
      checkAddresses(param.type, decodeValue(param.type, encoded, path), path)
    } catch (error) {
      if (!(error instanceof AbiDecodeError)) throw error
      throw new ClientError('INVALID_ARGUMENT', error.message, { method: method.name, param: param.name, path: error.path }, { cause: error })
    }
    return encoded
  })
}

/** Throws AbiDecodeError for a non-canonical address anywhere in a decoded value (union members are not guessed at). */
function checkAddresses(type: AbiType, value: unknown, path: string): void {
  if (value === undefined || value === null) return
  if (type === 'address') {
    if (typeof value !== 'string' || !ADDRESS.test(value)) throw new AbiDecodeError(path, 'an address (0x + 40 lowercase hex digits)')
    return
  }
  if (typeof type === 'string' || 'literal' in type || 'union' in type) return
  if ('array' in type) (value as unknown[]).forEach((v, i) => checkAddresses(type.array, v, `${path}[${i}]`))
  else if ('tuple' in type) type.tuple.forEach((t, i) => checkAddresses(t, (value as unknown[])[i], `${path}[${i}]`))
  else if ('object' in type) for (const [k, t] of Object.entries(type.object)) checkAddresses(t, (value as Record<string, unknown>)[k], `${path}.${k}`)
  else if ('record' in type) for (const [k, v] of Object.entries(value as Record<string, unknown>)) checkAddresses(type.record, v, `${path}.${k}`)
  else if ('optional' in type) checkAddresses(type.optional, value, path)
}
