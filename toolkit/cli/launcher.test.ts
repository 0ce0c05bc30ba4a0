/**
 * bin/toolkit.mjs chooses between the prebuilt CLI (dist/cli.mjs) and the TypeScript sources.
 * The real launcher runs in a child process inside a stand-in checkout: a dist/cli.mjs and a
 * toolkit/cli/main.ts that each say which one ran (and return exit code 3, which must come
 * through), a stamp written the way scripts/build.ts writes it, and this checkout's
 * node_modules for tsx. What is asserted is which code ran, never how long it took.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { REPO } from './fixtures/project.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'toolkit-launcher-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const INPUTS = ['toolkit/cli/main.ts', 'toolkit/cli/helper.ts', 'toolkit/cli/removed.ts', 'tsconfig.json', 'package.json']

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
  writeFileSync(path.join(dir, file), text)
}

/** dist/stamp.json for the inputs as they are now (what a build would write). */
function stamp(): void {
  const files = INPUTS.map((f) => {
    const s = statSync(path.join(dir, f))
    return [f, s.mtimeMs, s.size]
  })
  write('dist/stamp.json', JSON.stringify({ format: 'tsvm-dist/1', files }))
}

function launch(env: Record<string, string> = {}): { code: number | null; ran: string; stderr: string } {
  const clean: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|TSVM_)/.test(k) && k !== 'NODE_OPTIONS') clean[k] = v
  const r = spawnSync(process.execPath, [path.join(dir, 'bin/toolkit.mjs'), '--version'], { cwd: dir, env: { ...clean, ...env }, encoding: 'utf8' })
  return { code: r.status, ran: r.stdout.trim(), stderr: r.stderr }
}

mkdirSync(path.join(dir, 'bin'))
copyFileSync(path.join(REPO, 'bin/toolkit.mjs'), path.join(dir, 'bin/toolkit.mjs'))
symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir')

beforeEach(() => {
  write('dist/cli.mjs', "export async function runCli(argv) { console.log('dist ' + argv.slice(2).join(' ')); return 3 }\n")
  // TypeScript syntax: only runs through tsx.
  write('toolkit/cli/main.ts', "import { helper } from './helper.ts'\nexport async function runCli(argv: readonly string[]): Promise<number> {\n  console.log(helper() + ' ' + argv.slice(2).join(' '))\n  return 3\n}\n")
  write('toolkit/cli/helper.ts', "export const helper = (): string => 'sources'\n")
  write('toolkit/cli/removed.ts', 'export {}\n')
  write('tsconfig.json', '{ "compilerOptions": { "allowImportingTsExtensions": true, "noEmit": true } }\n')
  write('package.json', '{ "type": "module" }\n')
  stamp()
})

describe('bin/toolkit.mjs', () => {
  it('runs dist/cli.mjs when every file in its stamp is as it was built; the exit code comes through', () => {
    expect(launch()).toMatchObject({ code: 3, ran: 'dist --version' })
  })

  it('a bundled dependency missing from node_modules (a hoisted install) does not make dist stale; one of our sources does', () => {
    const withDep = (file: string) => {
      stamp()
      const s = JSON.parse(readFileSync(path.join(dir, 'dist/stamp.json'), 'utf8')) as { files: unknown[] }
      s.files.push([file, 1, 1])
      write('dist/stamp.json', JSON.stringify(s))
    }
    withDep('node_modules/some-bundled-dep/index.js')
    expect(launch().ran).toBe('dist --version')
    withDep('toolkit/cli/gone.ts')
    expect(launch().ran).toBe('sources --version')
  })

  it('TSVM_FROM_SOURCE=1 runs the sources even when dist/ is fresh', () => {
    expect(launch({ TSVM_FROM_SOURCE: '1' })).toMatchObject({ code: 3, ran: 'sources --version' })
  })

  it('an input edited since the build (another size) runs the sources', () => {
    write('toolkit/cli/helper.ts', "export const helper = (): string => 'sources, edited'\n")
    expect(launch()).toMatchObject({ code: 3, ran: 'sources, edited --version' })
  })

  it('an input touched since the build (same size, another mtime) runs the sources', () => {
    const file = path.join(dir, 'toolkit/cli/helper.ts')
    const { mtime } = statSync(file)
    utimesSync(file, mtime, new Date(mtime.getTime() + 5_000))
    expect(launch()).toMatchObject({ code: 3, ran: 'sources --version' })
  })

  it('an input gone since the build runs the sources', () => {
    unlinkSync(path.join(dir, 'toolkit/cli/removed.ts'))
    expect(launch()).toMatchObject({ code: 3, ran: 'sources --version' })
  })

  it('no stamp, or a stamp of another format, runs the sources', () => {
    unlinkSync(path.join(dir, 'dist/stamp.json'))
    expect(launch()).toMatchObject({ code: 3, ran: 'sources --version' })
    write('dist/stamp.json', JSON.stringify({ format: 'tsvm-dist/0', files: [] }))
    expect(launch()).toMatchObject({ code: 3, ran: 'sources --version' })
    write('dist/stamp.json', '{ not json')
    expect(launch()).toMatchObject({ code: 3, ran: 'sources --version' })
  })

  it("this checkout's build stamps the CLI's sources, so an edit to any of them falls back", async () => {
    const { files } = (await import(path.join(REPO, 'dist/stamp.json'), { with: { type: 'json' } })).default as { files: Array<[string, number, number]> }
    const stamped = files.map(([f]) => f)
    for (const f of ['toolkit/cli/main.ts', 'toolkit/cli/commands/compile.ts', 'toolkit/testing/index.ts', 'node/createNode.ts', 'vm/index.ts', 'scripts/build.ts', 'package.json']) expect(stamped).toContain(f)
  })
})
