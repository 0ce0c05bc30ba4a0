import path from 'node:path'
import type { CompileDiagnostic } from '../../compiler/errors.ts'
import type { CommandAction } from '../CommandContext.ts'
import { compileProject } from '../compile/compileProject.ts'
import { ToolkitError } from '../errors.ts'

/** `file:line:col CODE message`, continuation lines indented. */
export function formatDiagnostic(d: CompileDiagnostic, severity?: 'warning'): string {
  const where = d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}${d.column === undefined ? '' : `:${d.column}`}`} `
  return `${where}${severity ? `${severity} ` : ''}${d.code} ${d.message.split('\n').join('\n    ')}`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** `toolkit compile [--force]`. */
const compile: CommandAction = async (ctx, _args, options) => {
  const config = await ctx.project()
  // Asked only once something is built: creating process.stderr costs a warm compile about 2 ms.
  let tty: boolean | undefined
  const summary = await compileProject(config, {
    force: options.force === true,
    onBuild: (source, i, total) => {
      if ((tty ??= process.stderr.isTTY === true)) process.stderr.write(`\r\x1b[K[${i + 1}/${total}] compiling ${source}`)
    },
  })
  if (tty) process.stderr.write('\r\x1b[K')

  const dir = path.relative(config.paths.root, config.paths.artifacts) || '.'
  if (ctx.globals.verbose) {
    for (const c of summary.compiled) ctx.log(`  ${c.source} → ${dir}/${c.contract}.json (${c.ms} ms)`)
    for (const h of summary.helpers) ctx.log(`  ${h}: no exported method, not a contract`)
  }
  for (const name of summary.removed) ctx.log(`  removed ${dir}/${name}.json (its source is gone or no longer a contract)`)
  for (const w of summary.warnings) ctx.warn(formatDiagnostic(w, 'warning'))

  const failed = summary.failures.length > 0 || (config.compiler.warningsAsErrors && summary.warnings.length > 0)
  if (failed) {
    const details = summary.failures.flatMap((f) => f.errors.map((e) => formatDiagnostic({ ...e, file: e.file ?? f.source })))
    const count = summary.failures.length
    throw new ToolkitError(
      'TK_COMPILE_FAILED',
      count > 0
        ? `${plural(count, 'contract')} failed to compile (${plural(details.length, 'error')})`
        : `${plural(summary.warnings.length, 'warning')} with compiler.warningsAsErrors set`,
      { details },
    )
  }
  if (summary.compiled.length === 0 && summary.unchanged.length === 0) {
    ctx.log(`No contracts in ${path.relative(config.paths.root, config.paths.contracts) || '.'} (a contract is a .ts file exporting view/call/init methods)`)
    return
  }
  const unchanged = summary.unchanged.length > 0 ? ` (${summary.unchanged.length} unchanged)` : ''
  ctx.log(`Compiled ${plural(summary.compiled.length, 'contract')}${unchanged} in ${summary.ms} ms`)
}

export default compile
