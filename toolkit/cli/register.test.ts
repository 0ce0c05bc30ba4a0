/**
 * `toolkit deploy --register` on the defi template: the app lands in a DAppRegistry on the
 * node, under the template's app id, with its contracts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Registry from '../../contracts/standard/DAppRegistry.ts'
import { compileContract } from '../compiler/compileContract.ts'
import { contractAt, createHttpProvider, createWallet, deployContract, type Provider } from '../client/index.ts'
import { startToolkit, type RunningToolkit } from './fixtures/project.ts'
import { linkDependencies, tempDir, toolkit } from './init/testProject.ts'

let dir: string
let node: RunningToolkit
let provider: Provider
let registry: string

beforeAll(async () => {
  dir = path.join(tempDir('toolkit-register-'), 'fruit')
  expect((await toolkit(['init', dir, '--template', 'defi'], os.tmpdir())).code).toBe(0)
  linkDependencies(dir)
  node = startToolkit(['node', '--port', '0'], dir)
  const [, url] = await node.waitFor(/JSON-RPC\s+(http:\/\/\S+)/)
  provider = createHttpProvider(url!)
  const compiled = await compileContract('contracts/standard/DAppRegistry.ts', { root: path.resolve(import.meta.dirname, '../..') })
  if (!compiled.ok) throw new Error('registry does not compile')
  registry = (await deployContract<typeof Registry>(createWallet(5, provider), compiled.artifact, [])).address
  writeFileSync(path.join(dir, 'toolkit.config.ts'), `import { defineConfig } from 'tsvm/config'\n\nexport default defineConfig({ networks: { local: { url: ${JSON.stringify(url)}, registry: ${JSON.stringify(registry)} } } })\n`)
}, 120_000)

afterAll(async () => {
  await provider?.close()
  await node?.stop('SIGKILL')
})

describe('toolkit deploy --register', () => {
  it('registers the defi app in the DAppRegistry with its deployed contracts', async () => {
    const r = await toolkit(['deploy', '--network', 'local', '--register'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const deployed = JSON.parse(readFileSync(path.join(dir, 'deployments/local.json'), 'utf8')) as Record<string, { address: string }>
    const compiled = await compileContract('contracts/standard/DAppRegistry.ts', { root: path.resolve(import.meta.dirname, '../..') })
    if (!compiled.ok) throw new Error('registry does not compile')
    const app = (await contractAt<typeof Registry>(compiled.artifact, registry, provider).get('fruit-swap')) as unknown as { name: string; contracts: string[]; owner: string }
    expect(app.name).toBe('Fruit Swap')
    expect(app.contracts).toContain(deployed.AMM!.address)
    expect(app.owner).toBe(createWallet(0, provider).address)
  }, 120_000)
})
