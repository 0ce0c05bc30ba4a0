import fs from 'node:fs'
import path from 'node:path'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import * as esbuild from 'esbuild'
import ts from 'typescript'
import type { Abi } from '../../contracts/sdk/abi.ts'
import { bundleContract } from './bundleContract.ts'
import { createContractProgram } from './createContractProgram.ts'
import type { CompileDiagnostic } from './errors.ts'
import { extractAbi } from './extractAbi.ts'
import { programDiagnostics } from './programDiagnostics.ts'
import { relativePosix } from './relativePosix.ts'

/** A compiled contract: what `toolkit compile` writes to artifacts/ and what a deploy sends. */
export interface Artifact {
  format: 'tsvm-artifact/1'
  /** File name without extension, e.g. 'ERC20'. */
  contractName: string
  /** Posix path of the entry, relative to the project root. */
  sourcePath: string
  /** The bundle the node deploys: a CommonJS script, the ABI appended as `module.exports.$abi`. */
  code: string
  /** '0x' + sha256 hex of the UTF-8 `code`. */
  codeHash: string
  abi: Abi
  /** Source map (JSON) of `code`; `sources` are relative to the project root. */
  sourceMap: string
  compiler: { esbuild: string; typescript: string }
}

export type CompileResult =
  | { ok: true; artifact: Artifact; warnings: CompileDiagnostic[] }
  | { ok: false; errors: CompileDiagnostic[] }

function byPosition(a: CompileDiagnostic, b: CompileDiagnostic): number {
  const fa = a.file ?? ''
  const fb = b.file ?? ''
  return (fa < fb ? -1 : fa > fb ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

/**
 * Compile one contract: type-check it and extract its ABI (TypeScript, one Program), bundle it
 * (esbuild, in memory, in parallel with the type check), and append the ABI to the bundle.
 * The artifact depends only on the sources and their paths relative to `root`.
 * @example const r = await compileContract('contracts/ERC20.ts', { root: process.cwd() })
 */
export async function compileContract(entry: string, options: { root: string }): Promise<CompileResult> {
  // Real paths: a root reached through a symlink (macOS /var → /private/var) must give the same
  // relative paths as the real one, since esbuild and TypeScript both resolve symlinks.
  const root = fs.realpathSync(path.resolve(options.root))
  const requested = path.resolve(root, entry)
  if (!fs.existsSync(requested) || !fs.statSync(requested).isFile()) {
    return { ok: false, errors: [{ code: 'COMPILE_ENTRY_NOT_FOUND', message: `no contract file at ${requested}` }] }
  }
  const entryFile = fs.realpathSync(requested)
  const sourcePath = relativePosix(root, entryFile)
  if (sourcePath.startsWith('../') || path.isAbsolute(sourcePath)) {
    return { ok: false, errors: [{ code: 'COMPILE_ENTRY_OUTSIDE_ROOT', message: `${entryFile} is outside the project root ${root}` }] }
  }
  const contractName = path.basename(entryFile).replace(/\.[^.]+$/, '')

  // esbuild runs in its own process: start it, then do the (synchronous) TypeScript work.
  const bundling = bundleContract(entryFile, root, contractName)
  // Keep the rejection handled even if the TypeScript step throws before we await it.
  bundling.catch(() => {})

  const program = createContractProgram(entryFile)
  const { syntax, semantic } = programDiagnostics(program, root)
  const bundle = await bundling
  if (syntax.length > 0) return { ok: false, errors: syntax.sort(byPosition) }

  const errors = [...semantic]
  const warnings = [...bundle.warnings]
  if (!bundle.ok) {
    // TypeScript and esbuild both report a missing module; keep one report per line.
    const seen = new Set(semantic.map((d) => `${d.file}:${d.line}:${d.code}`))
    for (const d of bundle.errors) if (!seen.has(`${d.file}:${d.line}:${d.code}`)) errors.push(d)
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPosition) }

  // Types are only trusted for the ABI once the program type-checks.
  const extraction = extractAbi(program, entryFile, root)
  if (extraction.errors.length > 0) return { ok: false, errors: extraction.errors.sort(byPosition) }
  warnings.push(...extraction.warnings)
  if (!bundle.ok) throw new Error('unreachable: bundle failed without errors')

  // Appended after the bundle's last newline: no earlier line moves, so the map stays exact.
  const abi = extraction.abi
  const code = `${bundle.code.endsWith('\n') ? bundle.code : bundle.code + '\n'}module.exports.$abi=${JSON.stringify(abi)};\n`
  const artifact: Artifact = {
    format: 'tsvm-artifact/1',
    contractName,
    sourcePath,
    code,
    codeHash: '0x' + bytesToHex(sha256(utf8ToBytes(code))),
    abi,
    sourceMap: bundle.sourceMap,
    compiler: { esbuild: esbuild.version, typescript: ts.version },
  }
  return { ok: true, artifact, warnings: warnings.sort(byPosition) }
}
