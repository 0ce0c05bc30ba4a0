import type { z } from 'zod'
import { RpcError, rpcErrors } from './errors.ts'

const MAX_ISSUES = 10

/**
 * Turns a zod failure into -32602 with `data.issues` = `[{ path, code, message }]` (path as
 * an array of keys and indexes, after `pathPrefix` when the schema checked only part of the
 * params). Capped at 10 issues so a hostile payload with thousands of
 * bad elements cannot make the error larger than the request.
 * @example
 * invalidParamsError(z.tuple([z.string()]).safeParse([1]).error!).data
 * // { issues: [{ path: [0], code: 'invalid_type', message: 'Invalid input: expected string, received number' }] }
 */
export function invalidParamsError(error: z.ZodError, pathPrefix: readonly (string | number)[] = []): RpcError {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: [...pathPrefix, ...issue.path.map((key) => (typeof key === 'number' ? key : String(key)))],
    code: issue.code,
    message: issue.message,
  }))
  const omitted = error.issues.length - issues.length
  return new RpcError(rpcErrors.INVALID_PARAMS.code, undefined, omitted > 0 ? { issues, omitted } : { issues })
}
