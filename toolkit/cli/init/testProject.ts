/**
 * Test support for init.test.ts and deploy.test.ts: the toolkit in a child process with an
 * environment free of the vitest worker's variables (`toolkit test` starts its own vitest),
 * temp folders removed after the file, and the links `npm install` would make.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { REPO } from '../fixtures/project.ts'

export const ROOT = path.resolve(REPO)
const LAUNCHER = path.join(ROOT, 'bin/toolkit.mjs')

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Run the toolkit in `cwd` with an environment free of this vitest worker's variables; `input` goes to its stdin. */
export function toolkit(args: readonly string[], cwd: string, input?: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|TSVM_)/.test(k) && k !== 'NODE_OPTIONS') env[k] = v
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    if (input !== undefined) child.stdin!.end(input)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** What `npm install` would give an initialized project: tsvm and vitest in node_modules. */
export function linkDependencies(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true })
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'tsvm'), 'dir')
  symlinkSync(path.join(ROOT, 'node_modules', 'vitest'), path.join(dir, 'node_modules', 'vitest'), 'dir')
  symlinkSync(path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), path.join(dir, 'node_modules', '.bin', 'vitest'))
}

const temps: string[] = []
export function tempDir(prefix = 'toolkit-init-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true })
})

