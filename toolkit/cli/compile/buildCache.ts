import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { CompileDiagnostic } from '../../compiler/errors.ts'
import type { FileRecord } from '../fileRecords.ts'
import type { CompilerStamp } from './sourceInputs.ts'

export const BUILD_CACHE_FORMAT = 'tsvm-build-cache/2'

/** What the last compile of one source produced. */
export interface BuildCacheEntry {
  /**
   * The files it was built from (the source and everything it imports, transitively), with
   * their sha256 and the stat that vouches for it (fileRecords.ts). The entry is current while
   * each still has that content. Empty after a failed compile: always rebuilt.
   */
  readonly inputs: Readonly<Record<string, FileRecord>>
  /** The artifact name, or null for a file that is not a contract (a shared helper). */
  readonly contract: string | null
  readonly codeHash?: string
  /** Warnings of that compile, shown again while the entry is reused. */
  readonly warnings?: readonly CompileDiagnostic[]
}

/** `artifacts/.cache.json`: per source path (root-relative, posix), what was built from which inputs. */
export interface BuildCache {
  readonly format: typeof BUILD_CACHE_FORMAT
  /** compilerStamp(): a different compiler (fingerprint) invalidates everything. */
  readonly compiler: CompilerStamp
  readonly entries: Readonly<Record<string, BuildCacheEntry>>
}

/**
 * The cache at `file` and the stamp of the running compiler (`stamp`, given the stamp the cache
 * recorded, so that an unchanged compiler is recognised from stats). Entries are empty when the
 * cache is missing, unreadable, of another format or from another compiler.
 */
export function readBuildCache(file: string, stamp: (previous?: CompilerStamp) => CompilerStamp): BuildCache {
  let cache: Partial<BuildCache> | undefined
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    if (parsed !== null && typeof parsed === 'object' && (parsed as BuildCache).format === BUILD_CACHE_FORMAT) cache = parsed as BuildCache
  } catch {
    // missing or unreadable: empty
  }
  const compiler = stamp(cache?.compiler)
  const valid = cache !== undefined && cache.compiler?.fingerprint === compiler.fingerprint && typeof cache.entries === 'object' && cache.entries !== null
  return { format: BUILD_CACHE_FORMAT, compiler, entries: valid ? cache!.entries! : {} }
}

/** Write a file so that a reader (a watcher, a test run) never sees it half written. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}
