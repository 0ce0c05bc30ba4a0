/**
 * `toolkit init` and `toolkit test`, end to end: the CLI in child processes, projects in temp
 * folders. After init, the project is made runnable without `npm install` by linking this
 * checkout as node_modules/tsvm and its vitest as node_modules/vitest (+ .bin/vitest), as
 * test/templates.test.ts does. A folder that is not empty exits 2 with TK_INIT_DIR_NOT_EMPTY.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { linkDependencies, ROOT, tempDir, toolkit } from './init/testProject.ts'

describe('toolkit init', () => {
  it.each(['erc20', 'defi'])('--template %s: copies the template and points tsvm at this checkout', async (template) => {
    const parent = tempDir()
    const r = await toolkit(['init', 'app', '--template', template], parent)
    expect(r.code, r.stderr).toBe(0)
    const dir = path.join(parent, 'app')
    for (const f of ['package.json', 'toolkit.config.ts', 'vitest.config.ts', 'tsconfig.json', '.gitignore', 'README.md', 'deploy/01_deploy.ts', 'contracts/Token.ts']) {
      expect(existsSync(path.join(dir, f)), f).toBe(true)
    }
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    expect(pkg.devDependencies.tsvm).toBe(`file:${ROOT}`)
    expect(r.stdout).toContain('npm install')
  })

  it('a folder that is not empty: exit 2, TK_INIT_DIR_NOT_EMPTY; --force writes anyway', async () => {
    const dir = tempDir()
    expect((await toolkit(['init'], dir)).code).toBe(0)
    const again = await toolkit(['init'], dir)
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/^TK_INIT_DIR_NOT_EMPTY: /m)
    expect((await toolkit(['init', '--force'], dir)).code).toBe(0)
  })

  it('an unknown template: exit 2, TK_USAGE', async () => {
    const r = await toolkit(['init', 'x', '--template', 'nft'], tempDir())
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_USAGE: /m)
  })
})

describe('toolkit test (erc20 template)', () => {
  let dir: string
  beforeAll(async () => {
    dir = path.join(tempDir(), 'token')
    expect((await toolkit(['init', dir], os.tmpdir())).code).toBe(0)
    linkDependencies(dir)
  })

  it('without node_modules/.bin/vitest: exit 2, TK_VITEST_MISSING', async () => {
    const bare = path.join(tempDir(), 'bare')
    expect((await toolkit(['init', bare], os.tmpdir())).code).toBe(0)
    // tsvm linked (the config imports tsvm/config), vitest not
    mkdirSync(path.join(bare, 'node_modules'))
    symlinkSync(ROOT, path.join(bare, 'node_modules', 'tsvm'), 'dir')
    const r = await toolkit(['test'], bare)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_VITEST_MISSING: /m)
  })

  it('--network devnet (in process): exit 2, TK_NETWORK_IN_PROCESS', async () => {
    const r = await toolkit(['test', '--network', 'devnet'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^TK_NETWORK_IN_PROCESS: /m)
  })

  it('compiles, runs the tests: exit 0', async () => {
    const r = await toolkit(['test'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(existsSync(path.join(dir, 'artifacts/Token.json'))).toBe(true)
  }, 300_000)

  it('--gas: prints the gas table after the run', async () => {
    const r = await toolkit(['test', '--gas'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^contract\s+method\s+calls\s+min\s+avg\s+max$/m)
  }, 300_000)

  it('a failing test: exit 1, TK_TESTS_FAILED', async () => {
    writeFileSync(path.join(dir, 'test/broken.test.ts'), "import { expect, it } from 'vitest'\n\nit('fails', () => {\n  expect(1).toBe(2)\n})\n")
    try {
      const r = await toolkit(['test', 'broken'], dir)
      expect(r.code, r.stdout + r.stderr).toBe(1)
      expect(r.stderr).toMatch(/^TK_TESTS_FAILED: /m)
    } finally {
      rmSync(path.join(dir, 'test/broken.test.ts'))
    }
  }, 300_000)
})
