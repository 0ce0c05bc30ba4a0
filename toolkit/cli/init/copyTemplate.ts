import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
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
 * The standard contracts a template takes from this package (its template.json `standard`
 * map, project path → package path), rewritten for a project: the SDK from 'tsvm/sdk' and the
 * ERC20 under the project's name for it. One source: the templates hold no copies.
 */
export function templateStandardFiles(name: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(templateDir(name), 'template.json'), 'utf8')) as { standard?: Record<string, string> }
  const out = new Map<string, string>()
  for (const [target, source] of Object.entries(manifest.standard ?? {})) {
    const text = readFileSync(path.join(TSVM_ROOT, source), 'utf8').replace("from '../sdk/index.ts'", "from 'tsvm/sdk'").replace("from './ERC20.ts'", "from './Token.ts'")
    out.set(target, text)
  }
  return out
}

/**
 * Copy template `name` into `dir` (dotfiles included, node_modules excluded, existing files
 * overwritten), write the standard contracts it takes from this package, then in its
 * package.json replace the `"__TSVM_PATH__"` placeholder with `"file:<this checkout>"` and name
 * the package after the folder. Returns the files written.
 */
export function copyTemplate(name: string, dir: string): string[] {
  const from = templateDir(name)
  cpSync(from, dir, { recursive: true, force: true, filter: (src) => path.basename(src) !== 'node_modules' && path.basename(src) !== 'template.json' })
  const standard = templateStandardFiles(name)
  for (const [target, text] of standard) {
    mkdirSync(path.dirname(path.join(dir, target)), { recursive: true })
    writeFileSync(path.join(dir, target), text)
  }
  const pkgFile = path.join(dir, 'package.json')
  let text = readFileSync(pkgFile, 'utf8').replaceAll('"__TSVM_PATH__"', JSON.stringify(`file:${TSVM_ROOT}`))
  const pkgName = packageName(dir)
  if (pkgName) text = text.replace(/^(\s*"name":\s*)"[^"]*"/m, `$1${JSON.stringify(pkgName)}`)
  writeFileSync(pkgFile, text)
  return [...list(from).filter((f) => f !== 'template.json'), ...standard.keys()]
}
