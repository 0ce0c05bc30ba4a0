/**
 * The CLI's own stdout/stderr (stdio.ts): written to the file descriptors until a stream
 * exists, then through the stream. Each case runs in a child process (through tsx), whose
 * output is a pipe, as it is under a shell or a test runner.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from './fixtures/project.ts'

const STDIO = path.join(REPO, 'toolkit/cli/stdio.ts')

function run(body: string, options: { parentOwnsStream?: boolean } = {}): { status: number | null; stdout: string; stderr: string } {
  const child = `import { createStdio } from ${JSON.stringify(STDIO)}\nconst io = createStdio()\n${body}\n`
  const args = ['--import', 'tsx', '--input-type=module', '-e', child]
  // A parent that made the shared pipe non-blocking (a Node process's own process.stdout does),
  // so that a large write can meet a full pipe (EAGAIN) in the child.
  const parent = `const { spawnSync } = require('node:child_process'); process.stdout; process.stderr
const r = spawnSync(process.execPath, ${JSON.stringify(args)}, { stdio: 'inherit', cwd: ${JSON.stringify(REPO)} })
process.exitCode = r.status`
  const r = options.parentOwnsStream
    ? spawnSync(process.execPath, ['-e', parent], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('createStdio', () => {
  it('behavior: writes come out whole and in order, before and after something creates process.stdout', () => {
    const r = run(`io.stdout('one\\n'); io.stderr('err one\\n'); console.log('two'); io.stdout('three\\n'); io.stdout('four ' + 'é'.repeat(3) + '\\n'); console.error('err two'); io.stderr('err three\\n')`)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('one\ntwo\nthree\nfour ééé\n')
    expect(r.stderr).toBe('err one\nerr two\nerr three\n')
  })

  it('behavior: output larger than a pipe holds, on a non-blocking pipe, comes out whole and in order', () => {
    const r = run(`const big = 'x'.repeat(1 << 20) + '\\n'; io.stdout('first\\n'); io.stdout(big); io.stdout('after\\n'); console.log('console'); io.stdout(big); io.stdout('last\\n')`, { parentOwnsStream: true })
    expect(r.status).toBe(0)
    const big = 'x'.repeat(1 << 20) + '\n'
    expect(r.stdout.length).toBe(('first\n' + big + 'after\nconsole\n' + big + 'last\n').length)
    expect(r.stdout === 'first\n' + big + 'after\nconsole\n' + big + 'last\n').toBe(true)
  })

  it('behavior: a CLI run prints through it (usage errors on stderr, exit code 2)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin/toolkit.mjs'), 'no-such-command'], { cwd: REPO, encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^TK_USAGE: /)
  })
})
