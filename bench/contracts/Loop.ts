/** A compute-only contract for measuring metering overhead on tight loops and calls. */
import { view } from '../../contracts/sdk/index.ts'

export const spin = view((n: number): number => {
  let s = 0
  for (let i = 0; i < n; i++) s = (s + i) % 1000003
  return s
})

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2)
}

export const fibonacci = view((n: number): number => fib(n))
