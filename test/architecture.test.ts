import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cruise, type IReporterOutput } from 'dependency-cruiser'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const config = require('../.dependency-cruiser.cjs')

async function violations(paths: string[], ruleSet = config): Promise<string[]> {
  const result: IReporterOutput = await cruise(paths, { ...config.options, ruleSet, validate: true })
  const output = result.output as Exclude<IReporterOutput['output'], string>
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
}

describe('architecture', () => {
  it('no folder imports against the dependency direction of DESIGN.md §1', async () => {
    const folders = ['contracts', 'vm', 'node', 'toolkit', 'templates'].filter((f) => existsSync(f))
    expect(folders).toContain('vm')
    expect(await violations(folders)).toEqual([])
  })

  it('the check can fail: a vm file importing toolkit is reported', async () => {
    const found = await violations(['test/support/architecture-fixture'], {
      forbidden: config.forbidden.map((r: { name: string; from: { path: string } }) =>
        r.name === 'vm-not-node-or-toolkit' ? { ...r, from: { path: '^test/support/architecture-fixture/vm/' } } : r,
      ),
    })
    expect(found.some((v) => v.startsWith('vm-not-node-or-toolkit'))).toBe(true)
  })
})
