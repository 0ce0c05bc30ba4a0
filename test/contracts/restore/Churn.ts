/**
 * Calls that write engine memory in every way a contract can: bulk fills and copies (typed
 * arrays, array methods), big strings, JSON, collections, sorting, BigInt. Used by
 * test/vm/restore.test.ts to check that restoring from the write map misses nothing.
 */
import { PersistentMap, call, view } from '../../../contracts/sdk/index.ts'

const seen = new PersistentMap<string, bigint>('seen')

export const typedArrays = call((n: number): number => {
  const a = new Uint8Array(n).fill(7)
  const b = new Float64Array(n >> 3)
  b.fill(1.5)
  a.copyWithin(1, 0, n >> 1)
  const c = a.slice(3)
  c.set(a.subarray(0, 10), 5)
  const view32 = new Uint32Array(a.buffer, 0, n >> 2)
  view32[1] = 0xdeadbeef
  return a[n - 1]! + c[9]! + b.length + view32[1]! + new DataView(a.buffer).getUint16(2)
})

export const arrays = call((n: number): number => {
  const xs = Array.from({ length: n }, (_, i) => (i * 7919) % 1000)
  xs.copyWithin(0, n >> 1)
  xs.fill(3, 10, 20)
  xs.sort((a, b) => a - b)
  const ys = xs.concat(xs.slice(0, 100)).reverse()
  ys.splice(5, 10, ...xs.slice(0, 3))
  return ys.reduce((s, x) => s + x, 0)
})

export const strings = call((n: number): number => {
  let s = ''
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + (i % 26))
  const parts = s.split('e').map((p) => p.toUpperCase().padStart(8, '-'))
  const joined = parts.join('|').replaceAll('A', '∀').normalize('NFD')
  return joined.length + JSON.stringify({ s: joined.slice(0, 1000), n }).length
})

export const json = call((n: number): number => {
  const o = { list: Array.from({ length: n }, (_, i) => ({ i, s: 'x'.repeat(i % 17), b: i % 2 === 0 })) }
  const back = JSON.parse(JSON.stringify(o)) as typeof o
  return back.list.length + back.list[n - 1]!.s.length
})

export const collections = call((n: number): number => {
  const m = new Map<string, number>()
  const set = new Set<number>()
  for (let i = 0; i < n; i++) {
    m.set('k' + i, i)
    set.add(i * 3)
  }
  for (let i = 0; i < n; i += 3) m.delete('k' + i)
  return m.size + set.size
})

export const bigints = call((n: number): string => {
  let x = 1n
  for (let i = 1; i <= n; i++) x = x * BigInt(i) + 1n
  seen.set('last', x % 1_000_000_007n)
  return (x % 1_000_000_007n).toString()
})

export const regexps = view((n: number): number => {
  const text = 'ab12cd34'.repeat(n)
  return [...text.matchAll(/([a-z]+)(\d+)/g)].length + text.replace(/\d/g, '#').length
})

export const throws = call((n: number): number => {
  const big = 'y'.repeat(n)
  throw new RangeError(big.slice(0, 10))
})

/** A big argument and a big result: the host copies both through engine memory from JavaScript. */
export const echo = view((s: string): string => s.slice(0, s.length >> 1))
