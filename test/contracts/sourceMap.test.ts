import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mapToSource } from '../../toolkit/compiler/sourceMap.ts'
import { createVm, disposeVm, type Vm } from '../../vm/index.ts'
import { TestChain, addr, artifact } from '../support/vmHarness.ts'
import { readFileSync } from 'node:fs'

let vm: Vm
beforeAll(async () => {
  vm = await createVm()
})
afterAll(() => disposeVm(vm))

describe('errors map back to TypeScript', () => {
  it('a revert inside ERC20.transfer maps to the require line in ERC20.ts (through the SDK frame)', async () => {
    const chain = new TestChain(vm)
    const alice = addr('alice')
    const token = await chain.deploy('contracts/standard/ERC20.ts', alice, ['T', 'T', 18, 10n])
    const out = chain.send(alice, token, 'transfer', [addr('bob'), 11n])
    expect(out.code).toBe('REVERT')
    const { sourceMap } = await artifact('contracts/standard/ERC20.ts')
    const mapped = (out.debug?.frames ?? []).map((f) => mapToSource(sourceMap, f.line, f.column - 1))
    expect(mapped[0]?.source).toBe('contracts/sdk/errors.ts')
    const user = mapped.find((p) => p?.source === 'contracts/standard/ERC20.ts')
    expect(user).toBeDefined()
    const lines = readFileSync('contracts/standard/ERC20.ts', 'utf8').split('\n')
    expect(lines[user!.line - 1]).toContain("require(have >= amount, 'insufficient balance')")
  })

  it('an uncaught TypeError maps to the line that threw', async () => {
    const chain = new TestChain(vm)
    const h = await chain.deploy('test/contracts/hostile/Hostile.ts', addr('m'))
    const out = chain.send(addr('m'), h, 'throwTypeError')
    expect(out.code).toBe('EXCEPTION')
    const { sourceMap } = await artifact('test/contracts/hostile/Hostile.ts')
    const f = out.debug!.frames![0]!
    const p = mapToSource(sourceMap, f.line, f.column - 1)!
    expect(p.source).toBe('test/contracts/hostile/Hostile.ts')
    expect(readFileSync(p.source, 'utf8').split('\n')[p.line - 1]).toContain('return o.x')
  })
})
