import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { compileProject } from '../cli/compile/compileProject.ts'
import { REPO, tokenSource } from '../cli/fixtures/project.ts'
import { resolveConfig } from '../config/resolveConfig.ts'
import { loadArtifact } from './loadArtifact.ts'

/** A project with contracts/Token.ts, compiled by `toolkit compile`'s compileProject into artifacts/. */
const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-load-artifact-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n')
mkdirSync(path.join(dir, 'node_modules'))
symlinkSync(REPO, path.join(dir, 'node_modules/tsvm'), 'dir')
mkdirSync(path.join(dir, 'contracts'))
const TOKEN = path.join(dir, 'contracts/Token.ts')
const ARTIFACT = path.join(dir, 'artifacts/Token.json')

/** The process-wide compile-once cache of loadArtifact, emptied so each test loads afresh. */
const processCache = () => (globalThis as Record<symbol, Map<string, unknown>>)[Symbol.for('tsvm.testing.artifacts')]!

/** Mark the artifact on disk (a field a compile never writes), keeping its code hash. */
function markArtifact(): void {
  writeFileSync(ARTIFACT, JSON.stringify({ ...JSON.parse(readFileSync(ARTIFACT, 'utf8')), marker: 'from artifacts/' }))
}

beforeEach(async () => {
  writeFileSync(TOKEN, tokenSource())
  const summary = await compileProject(resolveConfig({}, { root: dir, env: {} }))
  expect(summary.failures).toEqual([])
  markArtifact()
  processCache().clear()
})

describe('loadArtifact and the artifacts of toolkit compile', () => {
  it('behavior: a current artifact in artifacts/ is used as it is (no compile)', async () => {
    const artifact = await loadArtifact('contracts/Token.ts', dir)
    expect(artifact).toMatchObject({ contractName: 'Token', marker: 'from artifacts/' })
  }, 60_000)

  it('behavior: a contract edited since `toolkit compile` is compiled again', async () => {
    const before = (JSON.parse(readFileSync(ARTIFACT, 'utf8')) as { codeHash: string }).codeHash
    writeFileSync(TOKEN, tokenSource().replace("tokenName.getOr('')", "tokenName.getOr('edited')"))
    const artifact = await loadArtifact('contracts/Token.ts', dir)
    expect(artifact).not.toHaveProperty('marker')
    expect(artifact.codeHash).not.toBe(before)
  }, 60_000)

  it('behavior: an artifact from another compiler (the build cache fingerprint) is not used', async () => {
    const cacheFile = path.join(dir, 'artifacts/.cache.json')
    writeFileSync(cacheFile, JSON.stringify({ ...JSON.parse(readFileSync(cacheFile, 'utf8')), compiler: 'another' }))
    expect(await loadArtifact('contracts/Token.ts', dir)).not.toHaveProperty('marker')
  }, 60_000)

  it('behavior: the artifacts folder is the one given (toolkit test passes the config paths.artifacts)', async () => {
    expect(await loadArtifact('contracts/Token.ts', dir, path.join(dir, 'elsewhere'))).not.toHaveProperty('marker')
  }, 60_000)
})
