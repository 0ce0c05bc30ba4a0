import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import { createHttpProvider, createInProcessProvider, createWsProvider } from '../../toolkit/client/index.ts'
import { chainScenario } from '../support/chainScenario.ts'

/** Start `npm run node`'s entry in a child process on an ephemeral port; resolves with its URLs. */
function startNodeProcess(args: string[]): Promise<{ child: ChildProcess; rpc: string; ws: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'node/main.ts', '--rpc-port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('{"event":"ready"'))
      if (line) {
        const ready = JSON.parse(line)
        resolve({ child, rpc: ready.rpc, ws: ready.ws })
      }
    })
    child.on('exit', (code) => reject(new Error(`node exited with ${code}: ${err}`)))
  })
}

describe('end to end against a real node process', () => {
  let proc: Awaited<ReturnType<typeof startNodeProcess>>
  beforeAll(async () => {
    proc = await startNodeProcess(['--data-dir', mkdtempSync(path.join(tmpdir(), 'tsvm-e2e-'))])
  })
  afterAll(async () => {
    proc.child.kill('SIGTERM')
    await new Promise((r) => proc.child.once('exit', r))
  })

  it('HTTP: deploy ERC20s and the AMM, transfer, approve, swap, logs, proof, snapshot/revert', async () => {
    const provider = createHttpProvider(proc.rpc)
    await chainScenario(provider)
    await provider.close()
  })

  it('WebSocket: the same session', async () => {
    const provider = createWsProvider(proc.ws)
    await chainScenario(provider)
    await provider.close()
  })
})

describe('the same session on the in-process devnet (memory-level)', () => {
  it('in-process provider: deploy, transfer, approve, swap, logs, proof, snapshot/revert', async () => {
    const node = await createNode(loadNodeConfig())
    const provider = createInProcessProvider(node)
    try {
      await chainScenario(provider)
    } finally {
      await provider.close()
      await closeNode(node)
    }
  })
})
