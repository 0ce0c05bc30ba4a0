import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from './commands.ts'
import { runToolkit } from './fixtures/project.ts'

const cwd = os.tmpdir()

describe('toolkit --help', () => {
  it('toolkit --help: exits 0 and lists every command (start time printed)', async () => {
    await runToolkit(['--help'], cwd) // warm tsx's transform cache
    const runs = []
    for (let i = 0; i < 3; i++) runs.push(await runToolkit(['--help'], cwd))
    const times = runs.map((r) => r.ms).sort((a, b) => a - b)
    console.log(`toolkit --help: median ${times[1]} ms (runs: ${times.join(', ')} ms; target < 300 ms)`)
    for (const r of runs) expect(r.code).toBe(0)
    for (const c of COMMANDS) expect(runs[0]!.stdout).toContain(c.name)
  })

  for (const c of COMMANDS) {
    it(`${c.name} --help: exits 0`, async () => {
      const r = await runToolkit([c.name, '--help'], cwd)
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`toolkit ${c.name}`)
    })
  }

  it('usage: an unknown command exits 2 with TK_USAGE', async () => {
    const r = await runToolkit(['compil'], cwd)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_USAGE: /m)
  })

  it('usage: a malformed option value exits 2 with TK_USAGE', async () => {
    const r = await runToolkit(['node', '--port', 'eighty'], cwd)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_USAGE: /m)
  })

  it('errors: no stack trace without --verbose, one with it', async () => {
    const plain = await runToolkit(['compile', '--config', 'missing.config.ts'], cwd)
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/^TK_CONFIG_NOT_FOUND: /m)
    expect(plain.stderr).not.toMatch(/^\s+at /m)
    const verbose = await runToolkit(['compile', '--config', 'missing.config.ts', '--verbose'], cwd)
    expect(verbose.code).toBe(2)
    expect(verbose.stderr).toMatch(/^\s+at /m)
  })
})
