import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFileRecorder, sha256, type FileRecord, type FileRecorder } from '../fileRecords.ts'

/** Content records by root-relative posix path: the inputs of one compile (fileRecords.ts). */
export type SourceInputs = Readonly<Record<string, FileRecord>>

/**
 * The inputs as they are now, when every one still has its recorded content: the recorded
 * inputs themselves when no stat changed, else with the new stats of the files that were
 * touched but not changed. Undefined when one of them changed (no TypeScript needed: the fast
 * path). A file whose stat is as recorded is not read.
 */
export function currentInputs(root: string, inputs: SourceInputs, recorder: FileRecorder): SourceInputs | undefined {
  let current: Record<string, FileRecord> | undefined
  for (const [rel, recorded] of Object.entries(inputs)) {
    const now = recorder.record(path.resolve(root, rel), recorded)
    if (now === recorded) continue
    if (now.sha256 !== recorded?.sha256) return undefined
    ;(current ??= { ...inputs })[rel] = now
  }
  return current ?? inputs
}

/**
 * The package.json of package `name` as this module would import it: the nearest
 * `node_modules/<name>/package.json` above it (a stat per folder, no exception per miss; a
 * CommonJS `require` costs about 2 ms on a start-up path that has no other use for it).
 */
function packageJsonFile(name: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; ) {
    const file = path.join(dir, 'node_modules', name, 'package.json')
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file
    const parent = path.dirname(dir)
    if (parent === dir) return createRequire(import.meta.url).resolve(`${name}/package.json`)
    dir = parent
  }
}

/**
 * The compiler a build cache was made with: its fingerprint, and the files it was computed from
 * with their content records, so that a later run can tell it is the same compiler from their
 * stats alone.
 */
export interface CompilerStamp {
  readonly fingerprint: string
  /** Absolute path → record: esbuild's and TypeScript's package.json, the compiler's sources. */
  readonly inputs: Readonly<Record<string, FileRecord>>
}

const COMPILER_DIR = fileURLToPath(new URL('../../compiler/', import.meta.url))

/**
 * The stamp of the compiler whose sources are the `.ts` files of `dir` (tests excluded), run
 * with the esbuild and TypeScript this module resolves. The fingerprint is the sha256 of their
 * versions and of every source's name and content, so that a changed compiler never serves a
 * stale artifact; versions are read from package.json files, without importing either
 * (importing typescript alone costs ~0.7 s). When every input still has the stat `previous`
 * recorded (the same files in the same folder), `previous` is returned as it is: nothing is
 * read or hashed.
 */
export function compilerStampOf(dir: string, previous?: CompilerStamp, recorder: FileRecorder = createFileRecorder()): CompilerStamp {
  const packages = [packageJsonFile('esbuild'), packageJsonFile('typescript')] as const
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
  const files = [...packages, ...sources.map((name) => path.join(dir, name))]
  const recorded = previous !== null && typeof previous === 'object' && previous.inputs !== null && typeof previous.inputs === 'object' ? previous.inputs : undefined
  const inputs: Record<string, FileRecord> = {}
  let same = recorded !== undefined && typeof previous!.fingerprint === 'string' && Object.keys(recorded).length === files.length
  for (const file of files) {
    const before = recorded !== undefined && Object.hasOwn(recorded, file) ? recorded[file] : undefined
    inputs[file] = recorder.record(file, before)
    if (inputs[file] !== before) same = false
  }
  if (same) return previous!
  const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  const parts = [`esbuild ${version(packages[0])}`, `typescript ${version(packages[1])}`]
  for (const name of sources) parts.push(`${name} ${inputs[path.join(dir, name)]!.sha256}`)
  return { fingerprint: sha256(parts.join('\n')), inputs }
}

let stamp: CompilerStamp | undefined

/**
 * The stamp of this contract compiler (toolkit/compiler/), computed once per process; `previous`
 * (from a build cache) spares reading and hashing its files while their stats are unchanged.
 */
export function compilerStamp(previous?: CompilerStamp): CompilerStamp {
  return (stamp ??= compilerStampOf(COMPILER_DIR, previous))
}
