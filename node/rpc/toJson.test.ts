import { describe, expect, it } from 'vitest'
import { toJson } from './toJson.ts'

describe('toJson', () => {
  it('bigint anywhere: a decimal string, including beyond 2^64 and negative', () => {
    expect(toJson({ a: 2n ** 70n, b: [-1n, 0n], c: 1 })).toBe('{"a":"1180591620717411303424","b":["-1","0"],"c":1}')
  })

  it('undefined at the top level: null', () => {
    expect(toJson(undefined)).toBe('null')
  })
})
