import fs from 'node:fs'
import { isBuiltin } from 'node:module'
import path from 'node:path'
import ts from 'typescript'
import type { CompileDiagnostic } from './errors.ts'
import { relativePosix } from './relativePosix.ts'

// "Cannot find module 'x'" in its variants, and "Cannot find name 'x'. Do you need to install
// type definitions for node?", which is what an import of a Node built-in gets without @types/node.
// On an import specifier these become import errors rather than type errors.
const MODULE_NOT_FOUND = new Set([2307, 2792, 2732, 2834, 2835, 2580, 2591])

function toDiagnostic(root: string, d: ts.Diagnostic, code: string, text?: string): CompileDiagnostic {
  const message = text ?? `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  if (!d.file || d.start === undefined) return { code, message }
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
  return { code, message, file: relativePosix(root, d.file.fileName), line: line + 1, column: character + 1 }
}

function convert(root: string, d: ts.Diagnostic): CompileDiagnostic {
  const span = d.file && d.start !== undefined ? d.file.text.slice(d.start, d.start + (d.length ?? 0)) : ''
  const quoted = /^(['"`])(.*)\1$/s.exec(span)
  if (!MODULE_NOT_FOUND.has(d.code) || !quoted) return toDiagnostic(root, d, 'COMPILE_TYPE_ERROR')
  const specifier = quoted[2]!
  if (isBuiltin(specifier)) {
    return toDiagnostic(root, d, 'COMPILE_NODE_BUILTIN_IMPORT', `cannot import the Node built-in module '${specifier}' in a contract`)
  }
  return toDiagnostic(root, d, 'COMPILE_UNRESOLVED_IMPORT')
}

// The SDK shipped with this toolkit is type-checked by the repository's own checks; re-checking
// it on every compile was ~60% of a warm compile. A copy elsewhere (a vendored SDK) is checked.
const OWN_SDK_DIR = (() => {
  const dir = path.resolve(import.meta.dirname, '../../contracts/sdk')
  return (fs.existsSync(dir) ? fs.realpathSync(dir) : dir) + path.sep
})()

/**
 * The TypeScript diagnostics of a contract program, as coded compile diagnostics: syntax errors
 * (when there are any, semantic checking is skipped: it would only add noise), else type errors
 * and unresolved imports. Lib files, packages under node_modules and this toolkit's own SDK are not
 * re-checked.
 */
export function programDiagnostics(program: ts.Program, root: string): { syntax: CompileDiagnostic[]; semantic: CompileDiagnostic[] } {
  const files = program
    .getSourceFiles()
    .filter((f) => !program.isSourceFileDefaultLibrary(f) && !program.isSourceFileFromExternalLibrary(f))
  const syntax = files.flatMap((f) => program.getSyntacticDiagnostics(f)).map((d) => toDiagnostic(root, d, 'COMPILE_SYNTAX_ERROR'))
  if (syntax.length > 0) return { syntax, semantic: [] }
  const all = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...files.filter((f) => !path.resolve(f.fileName).startsWith(OWN_SDK_DIR)).flatMap((f) => program.getSemanticDiagnostics(f)),
  ]
  const semantic = all
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => convert(root, d))
  return { syntax, semantic }
}
