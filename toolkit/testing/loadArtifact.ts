import fs from 'node:fs'
import path from 'node:path'
import { readCachedArtifact } from '../cli/compile/readCachedArtifact.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import { TestingError } from './TestingError.ts'

/** Environment variable: the project's artifacts folder, where `toolkit compile` left its artifacts (`toolkit test` sets it). */
export const ARTIFACTS_ENV = 'TSVM_ARTIFACTS_DIR'

// Process-wide (shared by every test chain and, under vitest's module isolation, by every
// re-evaluation of this module in the same worker): compiling is the slow part of a test run.
const CACHE_KEY = Symbol.for('tsvm.testing.artifacts')
const cache: Map<string, Promise<Artifact>> = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] as Map<string, Promise<Artifact>> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[CACHE_KEY] = new Map<string, Promise<Artifact>>())

/** The nearest directory at or above `dir` holding a package.json (else `dir`). */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d
    if (path.dirname(d) === d) return dir
  }
}

/**
 * Compile a contract once per process and return its artifact. `contractPath` is resolved
 * against `root` (the project root). A contract outside the root (say, a standard contract of
 * an installed tsvm: `node_modules/tsvm/contracts/standard/DAppRegistry.ts`) is compiled
 * against its own package root, so the artifact's paths stay relative and stable.
 * When `toolkit compile` already built the contract into `artifactsDir` (default: the
 * `TSVM_ARTIFACTS_DIR` environment variable, else `<root>/artifacts`) and its build cache says
 * the artifact is current, that artifact is used as it is: the same bytes a compile would give,
 * without loading TypeScript.
 * Throws TestingError COMPILE_FAILED listing the diagnostics.
 * @example const artifact = await loadArtifact('contracts/Token.ts', process.cwd())
 */
export function loadArtifact(contractPath: string, root: string, artifactsDir?: string): Promise<Artifact> {
  const requested = path.resolve(root, contractPath)
  let real = requested
  try {
    real = fs.realpathSync(requested)
  } catch {
    // compileContract reports the missing file with its own code
  }
  const realRoot = fs.existsSync(root) ? fs.realpathSync(root) : root
  const inside = !path.relative(realRoot, real).startsWith('..')
  const compileRoot = inside ? realRoot : packageRoot(path.dirname(real))
  const key = `${compileRoot}\0${real}`
  let found = cache.get(key)
  if (!found) {
    const artifacts = inside ? (artifactsDir ?? (process.env[ARTIFACTS_ENV] || path.join(compileRoot, 'artifacts'))) : undefined
    found = (async () => {
      const cached = artifacts === undefined ? undefined : readCachedArtifact(compileRoot, artifacts, real)
      if (cached) return cached
      const { compileContract } = await import('../compiler/compileContract.ts')
      const r = await compileContract(real, { root: compileRoot })
      if (r.ok) return r.artifact
      const list = r.errors.map((d) => `  ${d.file ?? contractPath}${d.line ? `:${d.line}:${d.column ?? 0}` : ''} ${d.code} ${d.message}`).join('\n')
      throw new TestingError('COMPILE_FAILED', `${contractPath}:\n${list}`, { path: contractPath, errors: r.errors })
    })()
    // A failed compile is not cached: the next test (or a watch rerun) tries again.
    found.catch(() => cache.delete(key))
    cache.set(key, found)
  }
  return found
}
