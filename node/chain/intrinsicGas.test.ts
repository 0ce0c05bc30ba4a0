import { describe, expect, it } from 'vitest'
import { alice } from './fixtures/samples.ts'
import { INTRINSIC_GAS, intrinsicGas, payloadDataBytes } from './intrinsicGas.ts'

describe('intrinsicGas', () => {
  it('constants: base 21,000 and 16 per data byte', () => {
    expect(INTRINSIC_GAS).toEqual({ base: 21_000, perDataByte: 16 })
  })

  it('transfer, stake, unstake: exactly the base', () => {
    expect(intrinsicGas({ payload: { type: 'transfer', to: alice.address } })).toBe(21_000)
    expect(intrinsicGas({ payload: { type: 'stake', validator: alice.address, amount: 5n } })).toBe(21_000)
    expect(intrinsicGas({ payload: { type: 'unstake', validator: alice.address, amount: 5n } })).toBe(21_000)
  })

  it('deploy: base + 16 × UTF-8 bytes of code and args', () => {
    expect(intrinsicGas({ payload: { type: 'deploy', code: 'abc', args: '[]' } })).toBe(21_000 + 16 * 5)
  })

  it('call with multi-byte characters: counts UTF-8 bytes, not UTF-16 units', () => {
    const payload = { type: 'call', to: alice.address, method: 'é', args: '["😀"]' } as const
    expect(payloadDataBytes(payload)).toBe(2 + 8)
    expect(intrinsicGas({ payload })).toBe(21_000 + 16 * 10)
  })
})
