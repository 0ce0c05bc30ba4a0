import { readdirSync } from 'node:fs'
import path from 'node:path'

const SOURCE = /\.m?ts$/
const NOT_SOURCE = /\.(d|test|spec)\.m?ts$/

/** Every TypeScript file under `dir` (recursively; no tests, declarations, node_modules or dot-folders), sorted. */
export function findContractSources(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    let entries
    try {
      entries = readdirSync(d, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && d === dir) return
      throw error
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue
      const full = path.join(d, e.name)
      if (e.isDirectory()) walk(full)
      else if (e.isFile() && SOURCE.test(e.name) && !NOT_SOURCE.test(e.name)) out.push(full)
    }
  }
  walk(dir)
  return out.sort()
}
