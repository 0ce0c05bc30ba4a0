import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { createGasReporter } from './createGasReporter.ts'
import { createTestChain, GAS_REPORT_ENV } from './createTestChain.ts'
import type { TestChain } from './TestChain.ts'
import { formatGasReport, readGasReport, summarizeGas } from './formatGasReport.ts'

const TOKEN = 'contracts/standard/ERC20.ts'
let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tsvm-gas-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('createGasReporter', () => {
  let chain: TestChain
  const gas = createGasReporter()
  beforeAll(async () => {
    chain = await createTestChain({ gasReporter: gas, node: { genesis: { devAccounts: 2 } } })
  })
  afterAll(() => chain.close())

  it('hooked chain: records each mined transaction with its receipt gasUsed, by contract and method', async () => {
    gas.clear()
    const token = await chain.deploy<typeof ERC20>(TOKEN, ['T', 'T', 18, 1000n])
    const a = await token.transfer(chain.accounts[1]!, 1n)
    const b = await token.approve(chain.accounts[1]!, 5n)
    expect(gas.records()).toEqual([
      { contract: 'ERC20', method: 'deploy', gasUsed: token.deployment.receipt.gasUsed },
      { contract: 'ERC20', method: 'transfer', gasUsed: a.receipt.gasUsed },
      { contract: 'ERC20', method: 'approve', gasUsed: b.receipt.gasUsed },
    ])
  })

  it('hooked chain: failed transactions and views are not recorded', async () => {
    const token = await chain.deploy<typeof ERC20>(TOKEN, ['T', 'T', 18, 1000n])
    gas.clear()
    await token.balanceOf(chain.accounts[0]!)
    await token.transfer(chain.accounts[1]!, 10n ** 9n, { gasLimit: 200_000 }).catch(() => undefined)
    expect(gas.records()).toEqual([])
  })

  it('hooked chain: a contract opened by address is named from its code hash', async () => {
    const token = await chain.deploy<typeof ERC20>(TOKEN, ['T', 'T', 18, 1000n])
    gas.clear()
    const other = await chain.at<typeof ERC20>(token.address)
    await other.write.transfer!(chain.accounts[1]!, 1n)
    expect(gas.records().map((r) => `${r.contract}.${r.method}`)).toEqual(['ERC20.transfer'])
  })

  it('wrap: records a contract writes on its own (no hooked chain)', async () => {
    const plain = await createTestChain({ node: { genesis: { devAccounts: 2 } } })
    try {
      const own = createGasReporter()
      const token = own.wrap(await plain.deploy<typeof ERC20>(TOKEN, ['T', 'T', 18, 1000n]))
      const r = await token.transfer(plain.accounts[1]!, 1n)
      expect(token.deployment.receipt.status).toBe('success')
      expect(own.records()).toEqual([{ contract: 'ERC20', method: 'transfer', gasUsed: r.receipt.gasUsed }])
    } finally {
      await plain.close()
    }
  })

  it('TSVM_GAS_REPORT: every test chain appends its records to the file as JSON lines', async () => {
    const file = path.join(dir, 'gas.jsonl')
    process.env[GAS_REPORT_ENV] = file
    let reported: TestChain | undefined
    try {
      reported = await createTestChain({ node: { genesis: { devAccounts: 2 } } })
    } finally {
      delete process.env[GAS_REPORT_ENV]
    }
    try {
      const token = await reported.deploy<typeof ERC20>(TOKEN, ['T', 'T', 18, 1000n])
      await token.transfer(reported.accounts[1]!, 1n)
      expect(readGasReport(file).map((r) => r.method)).toEqual(['deploy', 'transfer'])
    } finally {
      await reported.close()
    }
  })

  it('readGasReport: a missing file is an empty report', () => {
    expect(readGasReport(path.join(dir, 'missing.jsonl'))).toEqual([])
  })
})

describe('formatGasReport', () => {
  const records = [
    { contract: 'Token', method: 'transfer', gasUsed: 100 },
    { contract: 'Token', method: 'transfer', gasUsed: 301 },
    { contract: 'Token', method: 'deploy', gasUsed: 5000 },
    { contract: 'AMM', method: 'swapExactIn', gasUsed: 7 },
    { contract: 'Token', method: 'approve', gasUsed: 50 },
  ]

  it('summarizeGas: calls, min, avg (rounded) and max per method; by contract, deploy first', () => {
    expect(summarizeGas(records)).toEqual([
      { contract: 'AMM', method: 'swapExactIn', calls: 1, min: 7, avg: 7, max: 7 },
      { contract: 'Token', method: 'deploy', calls: 1, min: 5000, avg: 5000, max: 5000 },
      { contract: 'Token', method: 'approve', calls: 1, min: 50, avg: 50, max: 50 },
      { contract: 'Token', method: 'transfer', calls: 2, min: 100, avg: 201, max: 301 },
    ])
  })

  it('table: a header and one aligned row per method', () => {
    const lines = formatGasReport(records).split('\n')
    expect(lines[0]!.split(/\s+/)).toEqual(['contract', 'method', 'calls', 'min', 'avg', 'max'])
    expect(lines).toHaveLength(2 + 4)
    expect(lines[5]!.split(/\s+/)).toEqual(['Token', 'transfer', '2', '100', '201', '301'])
    // Numbers are right-aligned: every row ends at the same column.
    expect(new Set(lines.slice(2).map((l) => l.length)).size).toBe(1)
  })

  it('no records: says so instead of an empty table', () => {
    expect(formatGasReport([])).toBe('No transactions were recorded.')
    expect(formatGasReport(createGasReporter())).toBe('No transactions were recorded.')
  })
})
