import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../../compiler/compileContract.ts'
import type { CompileDiagnostic } from '../../compiler/errors.ts'
import { relativePosix } from '../../compiler/relativePosix.ts'
import type { ResolvedConfig } from '../../config/resolveConfig.ts'
import { ToolkitError } from '../errors.ts'
import { readBuildCache, writeFileAtomic, type BuildCacheEntry } from './buildCache.ts'
import { findContractSources } from './findContractSources.ts'
import { createFileRecorder, type FileRecorder } from '../fileRecords.ts'
import { compilerStamp, currentInputs } from './sourceInputs.ts'

export interface CompileSummary {
  /** Contracts built in this run. */
  readonly compiled: ReadonlyArray<{ readonly source: string; readonly contract: string; readonly ms: number }>
  /** Contracts whose artifact was current (same sources, same compiler). */
  readonly unchanged: readonly string[]
  /** Sources that are not contracts (no exported method): shared helpers. */
  readonly helpers: readonly string[]
  /** Artifacts deleted because their source is gone or no longer a contract. */
  readonly removed: readonly string[]
  readonly failures: ReadonlyArray<{ readonly source: string; readonly errors: readonly CompileDiagnostic[] }>
  /** Warnings of every contract, rebuilt or reused. */
  readonly warnings: readonly CompileDiagnostic[]
  readonly ms: number
}

export interface CompileProjectOptions {
  /** Rebuild everything, ignoring the cache. */
  readonly force?: boolean
  /** Called before each source that has to be built (progress display). */
  readonly onBuild?: (source: string, index: number, total: number) => void
}

const CACHE_FILE = '.cache.json'

/** Milliseconds since `start` (process.hrtime: the global `performance` loads perf_hooks, ~0.7 ms of a warm compile). */
const msSince = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e6)

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

function artifactIsCurrent(file: string, codeHash: string | undefined): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as Artifact).codeHash === codeHash
  } catch {
    return false
  }
}

/**
 * Compile every contract under `config.paths.contracts` into `<artifacts>/<Name>.json`,
 * incrementally. `<artifacts>/.cache.json` records, per source, the files its last compile
 * read (the source and everything it imports, followed transitively, type-only imports
 * included) with their content hashes and stats, under a fingerprint of the compiler. A source
 * is rebuilt when one of those files changed, the compiler changed, or its artifact is missing
 * or altered. Checking costs a stat per file while stats are as recorded, a read and a hash per
 * file whose stat changed (fileRecords.ts); TypeScript and esbuild are loaded only when
 * something has to be built. Sources with no exported method (shared helpers) make
 * no artifact. Failures are returned, not thrown; a failed source keeps its previous artifact
 * and is retried next time.
 * Throws TK_DUPLICATE_CONTRACT_NAME when two contract files share a name.
 */
export async function compileProject(config: ResolvedConfig, options: CompileProjectOptions = {}): Promise<CompileSummary> {
  const started = process.hrtime.bigint()
  const root = config.paths.root
  const outDir = config.paths.artifacts
  const cacheFile = path.join(outDir, CACHE_FILE)
  const recorder = createFileRecorder()
  const previous = readBuildCache(cacheFile, compilerStamp)
  const sources = findContractSources(config.paths.contracts)

  const entries: Record<string, BuildCacheEntry> = {}
  const compiled: Array<{ source: string; contract: string; ms: number }> = []
  const unchanged: string[] = []
  const helpers: string[] = []
  const failures: Array<{ source: string; errors: CompileDiagnostic[] }> = []
  const warnings: CompileDiagnostic[] = []
  const written: Artifact[] = []

  // First decide what is current, so progress can count what is left to build.
  const toBuild: Array<{ file: string; source: string }> = []
  for (const file of sources) {
    const source = relativePosix(root, file)
    const recorded = previous.entries[source]
    const inputs =
      !options.force && recorded !== undefined && typeof recorded.inputs === 'object' && recorded.inputs !== null && source in recorded.inputs
        ? currentInputs(root, recorded.inputs, recorder)
        : undefined
    if (inputs === undefined || (recorded!.contract !== null && !artifactIsCurrent(path.join(outDir, `${recorded!.contract}.json`), recorded!.codeHash))) {
      toBuild.push({ file, source })
      continue
    }
    const old = inputs === recorded!.inputs ? recorded! : { ...recorded!, inputs }
    entries[source] = old
    if (old.contract === null) helpers.push(source)
    else {
      unchanged.push(old.contract)
      warnings.push(...(old.warnings ?? []))
    }
  }

  const build = toBuild.length > 0 ? await loadBuilders(root, recorder) : undefined
  for (const [i, { file, source }] of toBuild.entries()) {
    // Recorded before it is read or compiled: an edit made meanwhile makes the entry stale, never wrongly current.
    const record = recorder.record(file)
    if (!build!.mayExportMethods(file, readFileSync(file, 'utf8'))) {
      entries[source] = { inputs: { [source]: record }, contract: null }
      helpers.push(source)
      continue
    }
    const inputs = build!.graph.closure(file)
    options.onBuild?.(source, i, toBuild.length)
    const t = process.hrtime.bigint()
    const result = await build!.compileContract(file, { root })
    if (!result.ok) {
      failures.push({ source, errors: result.errors })
      const old = previous.entries[source]
      if (old) entries[source] = { ...old, inputs: {} }
      continue
    }
    if (result.artifact.abi.methods.length === 0) {
      entries[source] = { inputs, contract: null }
      helpers.push(source)
      continue
    }
    warnings.push(...result.warnings)
    written.push(result.artifact)
    compiled.push({ source, contract: result.artifact.contractName, ms: msSince(t) })
    entries[source] = { inputs, contract: result.artifact.contractName, codeHash: result.artifact.codeHash, ...(result.warnings.length ? { warnings: result.warnings } : {}) }
  }

  const bySource = new Map<string, string[]>()
  for (const [source, e] of Object.entries(entries)) if (e.contract !== null) bySource.set(e.contract, [...(bySource.get(e.contract) ?? []), source])
  for (const [name, list] of bySource) {
    if (list.length > 1) throw new ToolkitError('TK_DUPLICATE_CONTRACT_NAME', `${list.join(' and ')} would both be artifacts/${name}.json`)
  }

  mkdirSync(outDir, { recursive: true })
  for (const artifact of written) writeFileAtomic(path.join(outDir, `${artifact.contractName}.json`), JSON.stringify(artifact, null, 2) + '\n')
  // Only artifacts this cache made are removed: a hand-placed artifact (a contract compiled elsewhere) stays.
  const removed: string[] = []
  const live = new Set(Object.values(entries).map((e) => e.contract))
  for (const old of Object.values(previous.entries)) {
    if (old.contract === null || live.has(old.contract)) continue
    const file = path.join(outDir, `${old.contract}.json`)
    if (existsSync(file)) {
      rmSync(file)
      removed.push(old.contract)
    }
  }
  // Unchanged (the usual warm compile): not rewritten.
  const cacheText = JSON.stringify({ format: previous.format, compiler: previous.compiler, entries }, null, 2) + '\n'
  if (cacheText !== readText(cacheFile)) writeFileAtomic(cacheFile, cacheText)
  return { compiled, unchanged, helpers, removed, failures, warnings, ms: msSince(started) }
}

/** The heavy parts (TypeScript, esbuild, the compiler), imported only when something is built. */
async function loadBuilders(root: string, recorder: FileRecorder) {
  const [{ compileContract }, { createSourceGraph }, { mayExportMethods }] = await Promise.all([
    import('../../compiler/compileContract.ts'),
    import('./createSourceGraph.ts'),
    import('./mayExportMethods.ts'),
  ])
  return { compileContract, mayExportMethods, graph: createSourceGraph(root, recorder) }
}
