import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { CompileDiagnostic } from '../../compiler/errors.ts'

export const BUILD_CACHE_FORMAT = 'tsvm-build-cache/1'

/** What the last compile of one source produced. */
export interface BuildCacheEntry {
  /**
   * The files it was built from (the source and everything it imports, transitively), with
   * their sha256. The entry is current while each still has that content. Empty after a failed
   * compile: always rebuilt.
   */
  readonly inputs: Readonly<Record<string, string>>
  /** The artifact name, or null for a file that is not a contract (a shared helper). */
  readonly contract: string | null
  readonly codeHash?: string
  /** Warnings of that compile, shown again while the entry is reused. */
  readonly warnings?: readonly CompileDiagnostic[]
}

/** `artifacts/.cache.json`: per source path (root-relative, posix), what was built from which inputs. */
export interface BuildCache {
  readonly format: typeof BUILD_CACHE_FORMAT
  /** compilerFingerprint(): a different compiler invalidates everything. */
  readonly compiler: string
  readonly entries: Readonly<Record<string, BuildCacheEntry>>
}

/** The cache at `file`, or an empty one when it is missing, unreadable or from another compiler. */
export function readBuildCache(file: string, compiler: string): BuildCache {
  const empty: BuildCache = { format: BUILD_CACHE_FORMAT, compiler, entries: {} }
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as BuildCache
    if (cache.format !== BUILD_CACHE_FORMAT || cache.compiler !== compiler || typeof cache.entries !== 'object' || cache.entries === null) return empty
    return cache
  } catch {
    return empty
  }
}

/** Write a file so that a reader (a watcher, a test run) never sees it half written. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}
