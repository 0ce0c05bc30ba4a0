/**
 * Runs the benchmarks: `npm run bench` runs every `bench/*.bench.ts`, `npm run bench -- vm`
 * runs `bench/vm.bench.ts`. Each runs in its own process and prints JSON lines (DESIGN.md §9):
 * {"bench":"vm.erc20.transfer","unit":"ops/s","value":1234.5,"n":10000}
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
const all = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort()
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  console.error(`BENCH_UNKNOWN: no benchmark named ${unknown.join(', ')}; available: ${all.join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const name of wanted.length > 0 ? wanted : all) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.bench.ts`)], { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } })
  if (r.status !== 0) {
    console.error(`BENCH_FAILED: ${name} exited with ${r.status ?? r.signal}`)
    failed++
  }
}
process.exit(failed > 0 ? 1 : 0)
