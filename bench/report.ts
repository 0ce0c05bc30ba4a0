/** One benchmark result line, as DESIGN.md §9 specifies. */
export function report(bench: string, unit: 'ops/s' | 'ms' | 's' | 'ratio' | 'tx/s' | 'MB', value: number, n?: number): void {
  const line: Record<string, unknown> = { bench, unit, value: Math.round(value * 100) / 100 }
  if (n !== undefined) line.n = n
  console.log(JSON.stringify(line))
}

/** Run `fn` `n` times after `warmup` runs; returns seconds elapsed for the n runs. */
export function time(n: number, fn: (i: number) => void, warmup = Math.min(500, n)): number {
  for (let i = 0; i < warmup; i++) fn(i)
  const t = performance.now()
  for (let i = 0; i < n; i++) fn(i)
  return (performance.now() - t) / 1000
}
