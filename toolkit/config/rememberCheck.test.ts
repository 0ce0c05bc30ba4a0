import { describe, expect, it } from 'vitest'
import { checkKey } from './rememberCheck.ts'

describe('checkKey', () => {
  it('same data, same key, whatever the order of the keys', () => {
    expect(checkKey({ a: 1, b: [true, 'x'] })).toBe(checkKey({ b: [true, 'x'], a: 1 }))
  })

  it('data that JSON would confuse gets different keys: undefined, null, missing; -0 and 0', () => {
    const keys = [{ a: undefined }, { a: null }, {}, { a: -0 }, { a: 0 }, [undefined], [null], []].map(checkKey)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('anything but plain data gets no key (it is checked every time)', () => {
    class Network {}
    const withSymbol = { [Symbol('s')]: 1 }
    for (const value of [{ a: () => 1 }, { a: new Network() }, { a: NaN }, { a: Infinity }, { a: 1n }, withSymbol, [1, , 2], { a: new Date(0) }]) {
      expect(checkKey(value)).toBeUndefined()
    }
  })
})
