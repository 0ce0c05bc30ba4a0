/**
 * Toolkit CLI benchmarks (issue targets): toolkit.cli.help ≤ 300 ms, toolkit.compile.warm
 * ≤ 100 ms, toolkit.test.erc20 ≤ 3 s. Every number is the wall time of `node bin/toolkit.mjs …`
 * as a child process, spawn to exit, so Node and tsx start-up are included (toolkit.floor.*
 * lines show that floor). Projects are `toolkit init`ed into temp folders and made runnable
 * without `npm install` by linking this checkout and its vitest, as the CLI tests do
 * (toolkit/cli/init/testProject.ts). Median of several runs; n is the number of runs.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { report } from './report.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const LAUNCHER = path.join(ROOT, 'bin/toolkit.mjs')

// The child's environment: none of ours that would change what it does (tsx/vitest variables).
const env: NodeJS.ProcessEnv = { NO_COLOR: '1', FORCE_COLOR: '0' }
for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|TSVM_)/.test(k) && k !== 'NODE_OPTIONS') env[k] ??= v

/** Wall time in ms of `node <args>` in `cwd`, spawn to exit; throws unless it exits 0. */
function run(args: readonly string[], cwd: string): number {
  const t = performance.now()
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`)
  return ms
}
const toolkit = (args: readonly string[], cwd: string): number => run([LAUNCHER, ...args], cwd)

/** Median of `n` runs of `fn`, each after `before` (not timed). */
function median(n: number, fn: () => number, before?: () => void): number {
  const xs: number[] = []
  for (let i = 0; i < n; i++) {
    before?.()
    xs.push(fn())
  }
  xs.sort((a, b) => a - b)
  return xs[Math.floor(xs.length / 2)]!
}

/** What `npm install` would give an initialized project: tsvm and vitest in node_modules. */
function linkDependencies(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true })
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'tsvm'), 'dir')
  symlinkSync(path.join(ROOT, 'node_modules', 'vitest'), path.join(dir, 'node_modules', 'vitest'), 'dir')
  symlinkSync(path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), path.join(dir, 'node_modules', '.bin', 'vitest'))
}

/**
 * `toolkit dev` on a project: edit contracts/Token.ts `n` times (target ≤ 300 ms), timing each save → the
 * `reloaded` event (the new code live at the same address). Median in ms.
 */
async function devReload(dir: string, n: number): Promise<number> {
  const child = spawn(process.execPath, [LAUNCHER, 'dev', '--port', '0'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let buffer = ''
  const waiters: Array<{ event: string; resolve: () => void }> = []
  child.stdout.on('data', (c: Buffer) => {
    buffer += c.toString()
    let at
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at)
      buffer = buffer.slice(at + 1)
      if (!line.startsWith('{')) continue
      const e = JSON.parse(line) as { event: string }
      for (const w of waiters.splice(0)) if (w.event === e.event) w.resolve()
        else waiters.push(w)
    }
  })
  const next = (event: string) => new Promise<void>((resolve) => waiters.push({ event, resolve }))
  try {
    await next('watching')
    const file = path.join(dir, 'contracts', 'Token.ts')
    const original = readFileSync(file, 'utf8')
    const times: number[] = []
    for (let i = 0; i < n; i++) {
      const edited = next('reloaded')
      const t = performance.now()
      // A real code change with the same methods: reloaded in place, not redeployed.
      writeFileSync(file, original.replace("tokenName.getOr('')", `tokenName.getOr('v${i}')`))
      await edited
      times.push(performance.now() - t)
      await new Promise((r) => setTimeout(r, 200))
    }
    writeFileSync(file, original)
    times.sort((a, b) => a - b)
    return times[Math.floor(times.length / 2)]!
  } finally {
    child.kill('SIGTERM')
  }
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'toolkit-bench-'))
/** `toolkit init <temp>/<name> --template <template>`, linked; returns the project folder. */
function project(name: string, template: string): string {
  const dir = path.join(temp, name)
  toolkit(['init', dir, '--template', template], temp)
  linkDependencies(dir)
  return dir
}

try {
  // The floor every CLI number pays: Node start-up, and Node with tsx's loader.
  run(['-e', '0'], temp) // warm the OS file cache
  report('toolkit.floor.node', 'ms', median(7, () => run(['-e', '0'], temp)), 7)
  report('toolkit.floor.node_tsx', 'ms', median(7, () => run(['--import', 'tsx', '-e', '0'], ROOT)), 7)

  toolkit(['--help'], temp)
  report('toolkit.cli.help', 'ms', median(7, () => toolkit(['--help'], temp)), 7)

  const defi = project('defi', 'defi')
  const cold = median(3, () => toolkit(['compile', '--force'], defi), () => rmSync(path.join(defi, 'artifacts'), { recursive: true, force: true }))
  report('toolkit.compile.cold', 'ms', cold, 3)
  report('toolkit.compile.warm', 'ms', median(5, () => toolkit(['compile'], defi)), 5)

  const erc20 = project('erc20', 'erc20')
  toolkit(['compile'], erc20) // artifacts built once: the steady state a developer sees
  report('toolkit.test.erc20', 's', median(3, () => toolkit(['test'], erc20)) / 1000, 3)

  report('toolkit.dev.reload', 'ms', await devReload(erc20, 5), 5)
} finally {
  rmSync(temp, { recursive: true, force: true })
}
