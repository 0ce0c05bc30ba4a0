import { describe, expect, it } from 'vitest'
import type { AbiMethod } from '../../../contracts/sdk/abi.ts'
import { parseMethodArgs } from './parseMethodArgs.ts'

const method = (params: AbiMethod['params']): AbiMethod => ({ name: 'm', kind: 'call', payable: false, reentrant: false, params, returns: 'void' })

describe('parseMethodArgs', () => {
  it('args: a bigint written as a plain integer of any length is exact', () => {
    expect(parseMethodArgs(method([{ name: 'amount', type: 'bigint' }]), ['123456789012345678901234567890'])).toEqual([123456789012345678901234567890n])
  })

  it('args: big integers inside JSON stay exact', () => {
    const m = method([{ name: 'xs', type: { array: 'bigint' } }])
    expect(parseMethodArgs(m, ['[1, 98765432109876543210, "5"]'])).toEqual([[1n, 98765432109876543210n, 5n]])
  })

  it('args: a word that is JSON of the wrong type is taken as a string', () => {
    const m = method([{ name: 'symbol', type: 'string' }, { name: 'flag', type: 'boolean' }, { name: 'to', type: 'address' }])
    expect(parseMethodArgs(m, ['123', 'true', '0x' + 'a'.repeat(40)])).toEqual(['123', true, '0x' + 'a'.repeat(40)])
  })

  it('args: a missing optional parameter is undefined', () => {
    expect(parseMethodArgs(method([{ name: 'a', type: 'number' }, { name: 'b', type: 'number', optional: true }]), ['1'])).toEqual([1, undefined])
  })

  it('error: wrong type, missing or extra arguments are TK_INVALID_ARGUMENT', () => {
    const m = method([{ name: 'amount', type: 'bigint' }])
    expect(() => parseMethodArgs(m, ['lots'])).toThrow(expect.objectContaining({ code: 'TK_INVALID_ARGUMENT' }))
    expect(() => parseMethodArgs(m, ['1.5'])).toThrow(expect.objectContaining({ code: 'TK_INVALID_ARGUMENT' }))
    expect(() => parseMethodArgs(m, [])).toThrow(expect.objectContaining({ code: 'TK_INVALID_ARGUMENT' }))
    expect(() => parseMethodArgs(m, ['1', '2'])).toThrow(expect.objectContaining({ code: 'TK_INVALID_ARGUMENT' }))
  })
})
