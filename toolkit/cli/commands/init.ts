import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { CommandAction } from '../CommandContext.ts'
import { ToolkitError } from '../errors.ts'
import { copyTemplate, TSVM_ROOT } from '../init/copyTemplate.ts'

/**
 * `toolkit init [dir] [--template erc20|defi] [--force] [--install]`: copy a template into
 * `dir` (refusing a non-empty one without --force: TK_INIT_DIR_NOT_EMPTY, exit 2), point its
 * `tsvm` dependency at this checkout and print the next steps. `--install` runs `npm install`.
 */
const init: CommandAction = async (ctx, args, options) => {
  const template = (options.template as string | undefined) ?? 'erc20'
  const dir = path.resolve(ctx.cwd, (args[0] as string | undefined) ?? '.')
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new ToolkitError('TK_INIT_DIR_NOT_EMPTY', `${dir} exists and is not a folder`)
    const entries = readdirSync(dir)
    if (entries.length > 0 && options.force !== true) {
      throw new ToolkitError('TK_INIT_DIR_NOT_EMPTY', `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'})`)
    }
  } else mkdirSync(dir, { recursive: true })

  const files = copyTemplate(template, dir)
  const shown = path.relative(ctx.cwd, dir) || '.'
  ctx.log(`Created a ${template} project in ${shown} (${files.length} files; tsvm from file:${TSVM_ROOT})`)

  if (options.install === true) {
    ctx.warn('Running npm install...')
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install'], { cwd: dir, stdio: 'inherit' })
      child.on('error', reject)
      child.on('close', resolve)
    }).catch((error: unknown) => {
      throw new ToolkitError('TK_INIT_INSTALL_FAILED', `npm install could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    })
    if (code !== 0) throw new ToolkitError('TK_INIT_INSTALL_FAILED', `npm install exited with code ${code}`)
  }

  ctx.log('')
  ctx.log('Next steps:')
  if (shown !== '.') ctx.log(`  cd ${shown}`)
  if (options.install !== true) ctx.log('  npm install')
  ctx.log('  npx toolkit compile')
  ctx.log('  npx toolkit test')
}

export default init
