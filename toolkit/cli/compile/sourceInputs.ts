import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** Content hashes by root-relative posix path: the inputs of one compile. */
export type SourceInputs = Readonly<Record<string, string>>

/** sha256 of files, each read once; 'missing' for a file that cannot be read. */
export interface FileHasher {
  hash(file: string): string
}

export function createFileHasher(): FileHasher {
  const hashes = new Map<string, string>()
  return {
    hash(file) {
      let h = hashes.get(file)
      if (h === undefined) {
        try {
          h = sha256(readFileSync(file))
        } catch {
          h = 'missing'
        }
        hashes.set(file, h)
      }
      return h
    },
  }
}

/** Whether every recorded input still has its recorded content (no TypeScript needed: the fast path). */
export function inputsUnchanged(root: string, inputs: SourceInputs, hasher: FileHasher): boolean {
  for (const [rel, hash] of Object.entries(inputs)) if (hasher.hash(path.resolve(root, rel)) !== hash) return false
  return true
}

/**
 * The version of package `name` as this module would import it: the nearest
 * `node_modules/<name>/package.json` above it, read as a file (a CommonJS `require` of it costs
 * about 2 ms on a start-up path that has no other use for the CommonJS loader).
 */
function packageVersion(name: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; ) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const parent = path.dirname(dir)
    if (parent === dir) return createRequire(import.meta.url)(`${name}/package.json`).version as string
    dir = parent
  }
}

let fingerprint: string | undefined

/**
 * What else a compile's output depends on: the esbuild and TypeScript versions and the contract
 * compiler's own sources, so that a changed compiler never serves a stale artifact. Read from
 * package.json files, without importing either (importing typescript alone costs ~0.7 s).
 * Computed once per process.
 */
export function compilerFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint
  const dir = fileURLToPath(new URL('../../compiler/', import.meta.url))
  const parts = [`esbuild ${packageVersion('esbuild')}`, `typescript ${packageVersion('typescript')}`]
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) parts.push(`${name} ${sha256(readFileSync(path.join(dir, name)))}`)
  }
  return (fingerprint = sha256(parts.join('\n')))
}
