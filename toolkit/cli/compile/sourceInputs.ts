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
 * What else a compile's output depends on: the esbuild and TypeScript versions and the contract
 * compiler's own sources, so that a changed compiler never serves a stale artifact. Read from
 * package.json files, without importing either (importing typescript alone costs ~0.7 s).
 */
export function compilerFingerprint(): string {
  const require = createRequire(import.meta.url)
  const dir = fileURLToPath(new URL('../../compiler/', import.meta.url))
  const parts = [`esbuild ${require('esbuild/package.json').version}`, `typescript ${require('typescript/package.json').version}`]
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) parts.push(`${name} ${sha256(readFileSync(path.join(dir, name)))}`)
  }
  return sha256(parts.join('\n'))
}
