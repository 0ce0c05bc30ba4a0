import { readFileSync } from 'node:fs'
import type { GasRecord, GasReporter } from './createGasReporter.ts'

/** One row of the gas report: a contract method's gas over all its calls. */
export interface GasSummaryRow {
  readonly contract: string
  readonly method: string
  readonly calls: number
  readonly min: number
  readonly avg: number
  readonly max: number
}

/** Rows by contract then method (deploy first), avg rounded to the nearest unit. */
export function summarizeGas(records: readonly GasRecord[]): GasSummaryRow[] {
  const groups = new Map<string, { contract: string; method: string; gas: number[] }>()
  for (const r of records) {
    const key = `${r.contract}\0${r.method}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { contract: r.contract, method: r.method, gas: [] }))
    g.gas.push(r.gasUsed)
  }
  const rank = (m: string) => (m === 'deploy' ? 0 : 1)
  return [...groups.values()]
    .sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : rank(a.method) - rank(b.method) || (a.method < b.method ? -1 : a.method > b.method ? 1 : 0)))
    .map((g) => ({
      contract: g.contract,
      method: g.method,
      calls: g.gas.length,
      min: Math.min(...g.gas),
      avg: Math.round(g.gas.reduce((s, x) => s + x, 0) / g.gas.length),
      max: Math.max(...g.gas),
    }))
}

/**
 * The gas report as a text table: contract, method, calls, min, avg, max (gas per transaction,
 * intrinsic gas included). What `toolkit test --gas` prints.
 * @example
 * formatGasReport(reporter)
 * // contract  method    calls    min    avg    max
 * // Token     deploy        1  91204  91204  91204
 * // Token     transfer      3  34251  34301  34401
 */
export function formatGasReport(source: GasReporter | readonly GasRecord[]): string {
  const records = 'records' in source && typeof source.records === 'function' ? source.records() : (source as readonly GasRecord[])
  const rows = summarizeGas(records)
  if (rows.length === 0) return 'No transactions were recorded.'
  const header = ['contract', 'method', 'calls', 'min', 'avg', 'max']
  const cells = rows.map((r) => [r.contract, r.method, String(r.calls), String(r.min), String(r.avg), String(r.max)])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  // Text columns left-aligned, numbers right-aligned.
  const line = (c: readonly string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')
}

/** Read the records test workers appended to a `TSVM_GAS_REPORT` file (JSON lines). */
export function readGasReport(file: string): GasRecord[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GasRecord)
}
