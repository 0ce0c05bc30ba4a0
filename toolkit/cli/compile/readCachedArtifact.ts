import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../../compiler/compileContract.ts'
import { relativePosix } from '../../compiler/relativePosix.ts'
import { readBuildCache } from './buildCache.ts'
import { createFileRecorder } from '../fileRecords.ts'
import { compilerStamp, currentInputs } from './sourceInputs.ts'

/**
 * The artifact `toolkit compile` wrote for the contract at `file`, when it is still current by
 * the build cache's own rule (compileProject.ts): the same compiler, every input of its last
 * compile with the same content, and the artifact file as written. Undefined otherwise, or
 * when `artifactsDir` has no cache: then the caller compiles. Costs a stat per input (and a
 * read and hash of those whose stat changed), no TypeScript.
 */
export function readCachedArtifact(root: string, artifactsDir: string, file: string): Artifact | undefined {
  const cache = readBuildCache(path.join(artifactsDir, '.cache.json'), compilerStamp)
  const source = relativePosix(root, file)
  const entry = cache.entries[source]
  if (!entry || entry.contract === null || typeof entry.inputs !== 'object' || entry.inputs === null || !(source in entry.inputs)) return undefined
  if (currentInputs(root, entry.inputs, createFileRecorder()) === undefined) return undefined
  try {
    const artifact = JSON.parse(readFileSync(path.join(artifactsDir, `${entry.contract}.json`), 'utf8')) as Artifact
    return artifact.codeHash === entry.codeHash ? artifact : undefined
  } catch {
    return undefined
  }
}
