import { describe, expect, it } from 'vitest'
import { CHAIN_ERROR_RANGE, defineRpcErrors, RpcError, rpcErrors } from './errors.ts'

describe('rpcErrors', () => {
  it('registry: codes are unique and each is standard or in the server block -32000..-32049', () => {
    const codes = Object.values(rpcErrors).map((e) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
    const standard = [-32700, -32600, -32601, -32602, -32603]
    for (const code of codes) expect(standard.includes(code) || (code <= -32000 && code >= -32049), String(code)).toBe(true)
  })

  it('defineRpcErrors: codes in the chain block are accepted', () => {
    const chain = defineRpcErrors({ NONCE_TOO_LOW: { code: -32050, message: 'Nonce too low', hint: 'Refetch the nonce.' } })
    expect(chain.NONCE_TOO_LOW.code).toBe(CHAIN_ERROR_RANGE.max)
  })

  it('defineRpcErrors: a code outside -32099..-32050 → RangeError', () => {
    for (const code of [-32005, -32049, -32100, -1, -32050.5]) {
      expect(() => defineRpcErrors({ X: { code, message: 'x', hint: 'x' } }), String(code)).toThrow(RangeError)
    }
  })

  it('defineRpcErrors: two names with one code → RangeError', () => {
    expect(() => defineRpcErrors({ A: { code: -32060, message: 'a', hint: 'a' }, B: { code: -32060, message: 'b', hint: 'b' } })).toThrow(RangeError)
  })

  it('RpcError: without a message, a registered code takes the registry message', () => {
    const error = new RpcError(rpcErrors.RATE_LIMITED.code, undefined, { retryAfterMs: 5 })
    expect(error.message).toBe(rpcErrors.RATE_LIMITED.message)
    expect(error.data).toEqual({ retryAfterMs: 5 })
  })
})
