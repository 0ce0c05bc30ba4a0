import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** This checkout (the tsvm package root), absolute, without a trailing separator. */
export const TSVM_ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)))

/** The folder of a template under templates/. */
export const templateDir = (name: string): string => path.join(TSVM_ROOT, 'templates', name)

/** A package name from a folder name (npm: lowercase, no spaces), or undefined when none fits. */
function packageName(dir: string): string | undefined {
  const name = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '')
  return name === '' ? undefined : name
}

function list(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return []
    const full = path.join(dir, e.name)
    return e.isDirectory() ? list(full, base) : [path.relative(base, full)]
  })
}

/**
 * Copy template `name` into `dir` (dotfiles included, node_modules excluded, existing files
 * overwritten), then in its package.json replace the `"__TSVM_PATH__"` placeholder with
 * `"file:<this checkout>"` and name the package after the folder. Returns the files written.
 */
export function copyTemplate(name: string, dir: string): string[] {
  const from = templateDir(name)
  cpSync(from, dir, { recursive: true, force: true, filter: (src) => path.basename(src) !== 'node_modules' })
  const pkgFile = path.join(dir, 'package.json')
  let text = readFileSync(pkgFile, 'utf8').replaceAll('"__TSVM_PATH__"', JSON.stringify(`file:${TSVM_ROOT}`))
  const pkgName = packageName(dir)
  if (pkgName) text = text.replace(/^(\s*"name":\s*)"[^"]*"/m, `$1${JSON.stringify(pkgName)}`)
  writeFileSync(pkgFile, text)
  return list(from)
}
