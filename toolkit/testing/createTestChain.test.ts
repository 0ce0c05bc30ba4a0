import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as AMM from '../../contracts/standard/AMM.ts'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import { startRpc } from '../../node/rpc/startRpc.ts'
import { activeChain } from './activeChain.ts'
import { createTestChain } from './createTestChain.ts'
import type { TestChain } from './TestChain.ts'
import { increaseTime, latestBlockTime, loadFixture, mine } from './defaultChain.ts'
import type { DeployContext } from './DeployContext.ts'
import { TestingError } from './TestingError.ts'

const TOKEN = 'contracts/standard/ERC20.ts'
const E18 = 10n ** 18n

let chain: TestChain
beforeAll(async () => {
  chain = await createTestChain()
})
afterAll(() => chain.close())

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('createTestChain', () => {
  it('wallets: ten dev accounts, each funded with the genesis balance', async () => {
    expect(chain.wallets).toHaveLength(10)
    expect(chain.accounts).toEqual(chain.wallets.map((w) => w.address))
    expect(new Set(chain.accounts).size).toBe(10)
    expect(await chain.native.balanceOf(chain.accounts[9]!)).toBe(10n ** 24n)
  })

  it('node options: dev account count and balance are passed to the in-process node', async () => {
    const small = await createTestChain({ node: { genesis: { devAccounts: 2, devBalance: '5' } } })
    try {
      expect(small.wallets).toHaveLength(2)
      expect(await small.native.balanceOf(small.accounts[1]!)).toBe(5n)
    } finally {
      await small.close()
    }
  })

  it('deploy: returns the contract typed by its module, deployed by wallet 0 by default', async () => {
    const token = await chain.deploy<typeof ERC20>(TOKEN, ['Token', 'TKN', 18, 1000n * E18])
    expect(await token.owner()).toBe(chain.accounts[0])
    expect(await token.balanceOf(chain.accounts[0]!)).toBe(1000n * E18)
    expect(token.deployment.receipt.status).toBe('success')
  })

  it('deploy: `from` picks the deployer by index or wallet; a constructor-less contract takes no args', async () => {
    const byIndex = await chain.deploy<typeof ERC20>(TOKEN, ['Token', 'TKN', 18, 1n], { from: 2 })
    const byWallet = await chain.deploy<typeof ERC20>(TOKEN, ['Token', 'TKN', 18, 1n], { from: chain.wallets[3]! })
    expect(await byIndex.owner()).toBe(chain.accounts[2])
    expect(await byWallet.owner()).toBe(chain.accounts[3])
    const amm = await chain.deploy<typeof AMM>('contracts/standard/AMM.ts')
    expect(await amm.sharesOf('a/b', chain.accounts[0]!)).toBe(0n)
  })

  it('deploy: a failing constructor throws ContractError with code REVERT', async () => {
    expect(await codeOf(chain.deploy<typeof ERC20>(TOKEN, ['Token', 'TKN', 99, 1n]))).toBe('REVERT')
  })

  it('artifact: compiled once per process (the same object every time)', async () => {
    const a = await chain.artifact(TOKEN)
    expect(await chain.artifact(TOKEN)).toBe(a)
    expect(await chain.artifact('./' + TOKEN)).toBe(a)
    expect(a.contractName).toBe('ERC20')
  })

  it('artifact: a contract with a type error throws COMPILE_FAILED naming the file and line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-testing-'))
    try {
      writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}')
      writeFileSync(path.join(dir, 'Bad.ts'), "export const x: number = 'not a number'\n")
      const other = await createTestChain({ root: dir, node: { genesis: { devAccounts: 1 } } })
      try {
        const error = await other.artifact('Bad.ts').catch((e: unknown) => e)
        expect(error).toBeInstanceOf(TestingError)
        expect((error as TestingError).code).toBe('COMPILE_FAILED')
        expect((error as TestingError).details.errors).toEqual([expect.objectContaining({ code: 'COMPILE_TYPE_ERROR', file: 'Bad.ts', line: 1 })])
      } finally {
        await other.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('at: without a source, builds the contract from the ABI embedded in its code', async () => {
    const token = await chain.deploy<typeof ERC20>(TOKEN, ['Token', 'TKN', 18, 77n])
    const found = await chain.at(token.address)
    expect(await found.read.balanceOf!(chain.accounts[0]!)).toBe(77n)
    const typed = await chain.at<typeof ERC20>(token.address, TOKEN, chain.wallets[1])
    await expect(typed.transfer(chain.accounts[2]!, 1n)).rejects.toMatchObject({ code: 'REVERT', reason: 'insufficient balance' })
  })

  it('at: an address without code throws NOT_A_CONTRACT', async () => {
    expect(await codeOf(chain.at(chain.accounts[5]!))).toBe('NOT_A_CONTRACT')
  })

  it('setBalance: sets an account native balance', async () => {
    await chain.setBalance(chain.accounts[8]!, 123n)
    expect(await chain.native.balanceOf(chain.accounts[8]!)).toBe(123n)
  })
})

describe('loadFixture', () => {
  let runs = 0
  async function deployToken(c: TestChain) {
    runs++
    const token = await c.deploy<typeof ERC20>(TOKEN, ['Fixture', 'FIX', 18, 1000n])
    return { token }
  }
  let secondRuns = 0
  async function fundBob(c: TestChain) {
    secondRuns++
    const { token } = await c.loadFixture(deployToken)
    await token.transfer(c.accounts[1]!, 100n)
    return { token }
  }

  it('first load: runs the fixture and returns its result', async () => {
    const before = runs
    const { token } = await chain.loadFixture(deployToken)
    expect(runs).toBe(before + 1)
    expect(await token.balanceOf(chain.accounts[0]!)).toBe(1000n)
  })

  it('later loads: revert to the fixture state, return the same object, and do not run it again', async () => {
    const first = await chain.loadFixture(deployToken)
    const runsAfterFirst = runs
    await first.token.transfer(chain.accounts[1]!, 400n)
    const height = await chain.blockNumber()
    const second = await chain.loadFixture(deployToken)
    expect(second).toBe(first)
    expect(runs).toBe(runsAfterFirst)
    expect(await chain.blockNumber()).toBe(height - 1)
    expect(await second.token.balanceOf(chain.accounts[1]!)).toBe(0n)
    // Snapshot ids are single-use: a third load still works, and the wallet's nonces follow the revert.
    await second.token.transfer(chain.accounts[1]!, 1n)
    const third = await chain.loadFixture(deployToken)
    expect(await third.token.balanceOf(chain.accounts[1]!)).toBe(0n)
    await third.token.transfer(chain.accounts[1]!, 2n)
    expect(await third.token.balanceOf(chain.accounts[1]!)).toBe(2n)
  })

  it('nested fixtures: loading the outer again reruns the inner (its snapshot was used up)', async () => {
    const a = await chain.loadFixture(fundBob)
    expect(await a.token.balanceOf(chain.accounts[1]!)).toBe(100n)
    const runsBefore = secondRuns
    const b = await chain.loadFixture(fundBob)
    expect(secondRuns).toBe(runsBefore)
    expect(b).toBe(a)
    await chain.loadFixture(deployToken)
    expect(await a.token.balanceOf(chain.accounts[1]!)).toBe(0n)
    await chain.loadFixture(fundBob)
    expect(secondRuns).toBe(runsBefore + 1)
    expect(await a.token.balanceOf(chain.accounts[1]!)).toBe(100n)
  })

  it('an anonymous function throws FIXTURE_ANONYMOUS', async () => {
    expect(await codeOf(chain.loadFixture(async () => 1))).toBe('FIXTURE_ANONYMOUS')
  })

  it('a snapshot used up by a manual revert throws FIXTURE_SNAPSHOT_LOST', async () => {
    const early = await chain.snapshot()
    async function lateFixture() {
      return 1
    }
    await chain.loadFixture(lateFixture)
    await chain.revert(early)
    expect(await codeOf(chain.loadFixture(lateFixture))).toBe('FIXTURE_SNAPSHOT_LOST')
    // Forgotten after the failure: the next load runs it afresh.
    expect(await chain.loadFixture(lateFixture)).toBe(1)
  })
})

describe('time travel', () => {
  it('increaseTime: one new block, exactly ms after the latest one', async () => {
    const before = await chain.latestBlockTime()
    const height = await chain.blockNumber()
    const after = await chain.increaseTime(3_600_000)
    expect(after).toBe(before + 3_600_000)
    expect(await chain.latestBlockTime()).toBe(after)
    expect(await chain.blockNumber()).toBe(height + 1)
  })

  it('setNextBlockTimestamp: the next block has exactly that time', async () => {
    const at = (await chain.latestBlockTime()) + 86_400_000
    await chain.setNextBlockTimestamp(at)
    await chain.mine()
    expect(await chain.latestBlockTime()).toBe(at)
    await chain.setNextBlockTimestamp(new Date(at + 1000))
    await chain.mine()
    expect(await chain.latestBlockTime()).toBe(at + 1000)
  })

  it('increaseTime after setNextBlockTimestamp: still moves exactly ms past the latest block; later blocks do not go back', async () => {
    const far = (await chain.latestBlockTime()) + 10 * 86_400_000
    await chain.setNextBlockTimestamp(far)
    await chain.mine()
    expect(await chain.increaseTime(5000)).toBe(far + 5000)
    await chain.mine()
    expect(await chain.latestBlockTime()).toBeGreaterThan(far + 5000)
  })

  it('revert: undoes time travel made after the snapshot (the clock offset comes back too)', async () => {
    const id = await chain.snapshot()
    const before = await chain.latestBlockTime()
    await chain.increaseTime(30 * 86_400_000)
    await chain.revert(id)
    await chain.mine()
    // Back on the wall clock plus the old offset: nowhere near 30 days later.
    expect(await chain.latestBlockTime()).toBeLessThan(before + 86_400_000)
  })

  it('setNextBlockTimestamp: a time not after the latest block is refused by the node (-32602)', async () => {
    const latest = await chain.latestBlockTime()
    expect(await codeOf(chain.setNextBlockTimestamp(latest))).toBe(-32602)
  })

  it('mine: adds exactly n blocks', async () => {
    const height = await chain.blockNumber()
    await chain.mine(3)
    expect(await chain.blockNumber()).toBe(height + 3)
  })

  it('bad arguments throw INVALID_ARGUMENT before asking the node', async () => {
    expect(await codeOf(chain.increaseTime(-1))).toBe('INVALID_ARGUMENT')
    expect(await codeOf(chain.mine(0))).toBe('INVALID_ARGUMENT')
  })
})

describe('free helpers', () => {
  it('act on the newest open chain, and on the previous one once it is closed', async () => {
    const newer = await createTestChain({ node: { genesis: { devAccounts: 1 } } })
    try {
      expect(activeChain()).toBe(newer)
      const height = await newer.blockNumber()
      const otherHeight = await chain.blockNumber()
      await mine(2)
      expect(await newer.blockNumber()).toBe(height + 2)
      expect(await chain.blockNumber()).toBe(otherHeight)
    } finally {
      await newer.close()
    }
    expect(activeChain()).toBe(chain)
    const before = await latestBlockTime()
    expect(await increaseTime(1000)).toBe(before + 1000)
    async function freeFixture(c: TestChain) {
      return { height: await c.blockNumber() }
    }
    const a = await loadFixture(freeFixture)
    expect(await loadFixture(freeFixture)).toBe(a)
  })

  it('close: idempotent; the chain then refuses work with CHAIN_CLOSED', async () => {
    const c = await createTestChain({ node: { genesis: { devAccounts: 1 } } })
    await c.close()
    await c.close()
    expect(activeChain()).not.toBe(c)
    expect(await codeOf(c.deploy(TOKEN, ['T', 'T', 0, 1n]))).toBe('CHAIN_CLOSED')
    expect(await codeOf(c.mine())).toBe('CHAIN_CLOSED')
  })
})

describe('url networks', () => {
  it('a running node over HTTP: deploys, fixtures and time travel work through its RPC', async () => {
    const node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 3 } } }))
    const server = await startRpc(node, { port: 0, host: '127.0.0.1', logger: { warn: () => {}, error: () => {} } })
    const remote = await createTestChain({ url: server.url })
    try {
      expect(remote.node).toBeUndefined()
      expect(remote.accounts).toEqual(node.devAccounts.map((a) => a.address))
      async function remoteToken(c: TestChain) {
        return { token: await c.deploy<typeof ERC20>(TOKEN, ['Remote', 'R', 18, 50n]) }
      }
      const { token } = await remote.loadFixture(remoteToken)
      await token.transfer(remote.accounts[1]!, 5n)
      await remote.loadFixture(remoteToken)
      expect(await token.balanceOf(remote.accounts[1]!)).toBe(0n)
      const before = await remote.latestBlockTime()
      expect(await remote.increaseTime(60_000)).toBeGreaterThanOrEqual(before + 60_000)
    } finally {
      await remote.close()
      await server.close()
      await closeNode(node)
    }
  })

  it('a URL of another scheme throws INVALID_ARGUMENT', async () => {
    expect(await codeOf(createTestChain({ url: 'ftp://127.0.0.1' }))).toBe('INVALID_ARGUMENT')
  })
})

describe('runDeployScript', () => {
  it('runs a deploy script: deployments recorded by name (or contract name), log lines collected', async () => {
    async function script({ deploy, accounts, network, log }: DeployContext) {
      const a = await deploy<typeof ERC20>(TOKEN, ['A', 'A', 18, 10n])
      await deploy<typeof ERC20>(TOKEN, ['B', 'B', 18, 10n], { name: 'TokenB', from: 1 })
      log('deployed on', network.name, 'by', accounts[0]!.address === a.deployment.receipt.contractAddress ? 'x' : 'wallet 0')
    }
    const result = await chain.runDeployScript(script, { network: { registry: chain.accounts[0]! } })
    expect(Object.keys(result.deployments).sort()).toEqual(['ERC20', 'TokenB'])
    expect(result.logs).toEqual(['deployed on test by wallet 0'])
    const b = await chain.at<typeof ERC20>(result.deployments.TokenB!, TOKEN)
    expect(await b.owner()).toBe(chain.accounts[1])
  })

  it('deployContext: `at` without a source opens a contract by its embedded ABI', async () => {
    const token = await chain.deploy<typeof ERC20>(TOKEN, ['A', 'A', 18, 10n])
    const context = await chain.deployContext({ network: { name: 'local' } })
    expect(context.network.name).toBe('local')
    const found = await context.at(token.address)
    expect(await found.read.totalSupply!()).toBe(10n)
  })
})
