import { isBuiltin } from 'node:module'
import path from 'node:path'
import * as esbuild from 'esbuild'
import type { CompileDiagnostic } from './errors.ts'

export type BundleResult =
  | { ok: true; code: string; sourceMap: string; warnings: CompileDiagnostic[] }
  | { ok: false; errors: CompileDiagnostic[]; warnings: CompileDiagnostic[] }

const UNRESOLVED = /^Could not resolve "(.*)"$/

function toDiagnostic(m: esbuild.Message, fallbackCode: string): CompileDiagnostic {
  let code = fallbackCode
  const unresolved = UNRESOLVED.exec(m.text)
  if (unresolved) code = isBuiltin(unresolved[1]!) ? 'COMPILE_NODE_BUILTIN_IMPORT' : 'COMPILE_UNRESOLVED_IMPORT'
  const notes = m.notes.map((n) => n.text).filter((t) => t && !t.includes('platform'))
  const message = [m.text, ...notes].join('\n')
  if (!m.location) return { code, message }
  return {
    code,
    message,
    file: m.location.file.split(path.sep).join('/'),
    line: m.location.line,
    column: m.location.column + 1,
  }
}

/**
 * Bundle a contract with esbuild, in memory, into one CommonJS script plus its source map.
 * Every option that changes the output is pinned here (and tsconfig.json files are ignored via
 * `tsconfigRaw`) so that the bytes depend only on the sources: the code hash goes on chain.
 * Paths in the output (comments, source map) are relative to `root`.
 */
export async function bundleContract(entryFile: string, root: string, contractName: string): Promise<BundleResult> {
  let result: esbuild.BuildResult<{ write: false }>
  try {
    result = await esbuild.build({
      entryPoints: [entryFile],
      absWorkingDir: root,
      // A virtual output path at the root makes the source map's `sources` root-relative.
      outfile: path.join(root, `${contractName}.js`),
      write: false,
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: true,
      minify: false,
      legalComments: 'none',
      charset: 'utf8',
      mainFields: ['module', 'main'],
      // neutral has no default conditions; 'module' is the bundler convention for ESM entry
      // points (esbuild adds 'import'/'require' per import kind and always 'default').
      conditions: ['module'],
      resolveExtensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
      loader: { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.json': 'json' },
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
      logLevel: 'silent',
    })
  } catch (e) {
    const failure = e as esbuild.BuildFailure
    if (!Array.isArray(failure.errors)) throw e
    return {
      ok: false,
      errors: failure.errors.map((m) => toDiagnostic(m, 'COMPILE_BUNDLE_ERROR')),
      warnings: (failure.warnings ?? []).map((m) => toDiagnostic(m, 'COMPILE_BUNDLE_WARNING')),
    }
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'))
  if (!js || !map) throw new Error('esbuild produced no bundle or no source map')
  return {
    ok: true,
    code: js.text,
    sourceMap: map.text,
    warnings: result.warnings.map((m) => toDiagnostic(m, 'COMPILE_BUNDLE_WARNING')),
  }
}
