import ts from 'typescript'

const unwrap = (e: ts.Expression): ts.Expression => {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression
  return e
}

/**
 * Whether a module may export contract methods, judged from its syntax alone (a parse, no type
 * check): it exports a const initialised by a call (`export const transfer = call(...)`) or
 * re-exports something (`export { x }`, `export * from`). Shared helpers (exported functions,
 * classes, constants, types) are not compiled on their own. The compiler has the last word: a
 * candidate whose ABI has no method is not a contract either.
 */
export function mayExportMethods(fileName: string, text: string): boolean {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS)
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) return true
    if (!ts.isVariableStatement(statement)) continue
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue
    for (const d of statement.declarationList.declarations) if (d.initializer && ts.isCallExpression(unwrap(d.initializer))) return true
  }
  return false
}
