import type { z } from 'zod'
import type { RpcMethod } from './types.ts'

/**
 * Identity helper that infers the handler's params type from the schema, so a method table
 * stays typed without annotations.
 * @example
 * const getBalance = defineRpcMethod({
 *   params: z.tuple([z.string()]),
 *   handler: ([address]) => balances.get(address) ?? 0n, // address: string
 *   description: 'Balance of an account in base units (decimal string).',
 *   example: { params: ['0xab…'], result: '1000' },
 * })
 */
export function defineRpcMethod<S extends z.ZodType, R>(method: RpcMethod<S, R>): RpcMethod<S, R> {
  return method
}
