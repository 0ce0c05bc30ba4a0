import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import { blockByNumber, getProof } from '../../node/queries.ts'
import { verifyProof } from '../../node/state/verifyProof.ts'
import { accountKey } from '../../node/state/stateKeys.ts'
import { encodeAccount } from '../../node/state/Account.ts'

/** Run the writer until it has committed at least `minCommits` blocks, then SIGKILL it after a random delay. */
function runAndKill(dataDir: string, minCommits: number, extraMs: number): Promise<{ lastCommitted: number; started: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crashWriter.ts', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let lastCommitted = -1
    let started = -1
    let commits = 0
    let killing = false
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.setEncoding('utf8')
    let buf = ''
    child.stdout.on('data', (d: string) => {
      buf += d
      let at
      while ((at = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, at)
        buf = buf.slice(at + 1)
        const [kind, h] = line.split(' ')
        if (kind === 'started') started = Number(h)
        if (kind === 'committed') {
          lastCommitted = Number(h)
          if (++commits >= minCommits && !killing) {
            killing = true
            setTimeout(() => child.kill('SIGKILL'), extraMs)
          }
        }
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lastCommitted, started })
      else reject(new Error(`writer exited with ${code}: ${stderr}`))
    })
  })
}

describe('crash recovery', () => {
  it('SIGKILL at random moments, 8 times: the chain reopens intact at or after the last reported block, state proofs verify', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tsvm-crash-'))
    let previousHead = 0
    for (let round = 0; round < 8; round++) {
      const { lastCommitted, started } = await runAndKill(dataDir, 2 + (round % 3), Math.floor(Math.random() * 40))
      expect(started).toBe(previousHead)
      const node = await createNode(loadNodeConfig({ overrides: { dataDir, consensus: { blockTimeMs: 60_000 }, genesis: { devAccounts: 4 } } }))
      try {
        const head = node.head.header.height
        // Nothing reported as committed is lost (the kill may land after one more commit).
        expect(head).toBeGreaterThanOrEqual(lastCommitted)
        expect(head).toBeLessThanOrEqual(lastCommitted + 1)
        // Every block from genesis to head is present and linked.
        let parent = (await blockByNumber(node, 0))!
        for (let h = 1; h <= head; h++) {
          const b = await blockByNumber(node, h)
          expect(b, `block ${h}`).toBeDefined()
          expect(b!.block.header.parentHash).toBe(parent.hash)
          parent = b!
        }
        expect(parent.hash).toBe(node.head.hash)
        // The live state matches the head's state root.
        for (const a of node.devAccounts) {
          const p = await getProof(node, a.address, [])
          expect(verifyProof(Buffer.from(p.stateRoot.slice(2), 'hex'), accountKey(a.address), encodeAccount(p.account!), p.accountProof)).toBe(true)
        }
        // Native value is conserved: transfers and fees only move it between the dev accounts.
        let total = 0n
        for (const a of node.devAccounts) total += node.flat.getAccount(a.address)!.balance
        expect(total).toBe(4n * node.config.genesis.devBalance)
        previousHead = head
      } finally {
        await closeNode(node)
      }
    }
  }, 240_000)
})
