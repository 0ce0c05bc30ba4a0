import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { determinismScript } from '../support/determinismScript.ts'

const vms: Vm[] = []
afterAll(() => vms.forEach(disposeVm))

function runIn(tz: string): { digest: string; lines: number; offset: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/support/determinismRun.ts'], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  })
  return JSON.parse(out.trim().split('\n').pop()!)
}

describe('determinism', () => {
  it('same call sequence in two fresh VMs: byte-identical outcomes, gas and storage', async () => {
    const [v1, v2] = [await createVm(), await createVm({ instances: 17 })]
    vms.push(v1, v2)
    const first = await determinismScript(v1)
    const second = await determinismScript(v2)
    expect(second).toEqual(first)
    expect(first.length).toBeGreaterThan(10)
  })

  it('host time zone differs (UTC, Asia/Kolkata, America/St_Johns): identical digests', () => {
    const runs = ['UTC', 'Asia/Kolkata', 'America/St_Johns'].map(runIn)
    expect(new Set(runs.map((r) => r.offset)).size).toBe(3) // the hosts really differ
    expect(runs[1]!.digest).toBe(runs[0]!.digest)
    expect(runs[2]!.digest).toBe(runs[0]!.digest)
  })
})
