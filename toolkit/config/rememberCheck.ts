import { createHash } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'

/**
 * Remembering that a config passed the schema check, so that the next load skips zod (about a
 * third of a warm `toolkit compile`). The check is a pure function of the config's data and of
 * the schema, so its verdict is keyed by both: the config encoded exactly (checkKey) and the
 * source of configSchema.ts. A config that is not plain data (a function, a class instance, a
 * symbol key, a non-finite number) gets no key and is checked every time.
 */

const SCHEMA_FILE = new URL('./configSchema.ts', import.meta.url)

/** Plain data as text, exactly: undefined, -0 and holes are kept apart from null, 0 and undefined. False when it is not plain data. */
function encode(value: unknown, out: string[]): boolean {
  if (value === undefined) out.push('u')
  else if (value === null || typeof value === 'boolean' || typeof value === 'string') out.push(JSON.stringify(value))
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false
    out.push(Object.is(value, -0) ? '-0' : String(value))
  } else if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false
    out.push('[')
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !encode(value[i], out)) return false
      out.push(',')
    }
    out.push(']')
  } else if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value)
    if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(value).length > 0) return false
    out.push('{')
    for (const key of Object.keys(value).sort()) {
      out.push(JSON.stringify(key), ':')
      if (!encode((value as Record<string, unknown>)[key], out)) return false
      out.push(',')
    }
    out.push('}')
  } else return false
  return true
}

/** The key of a config's schema check, or undefined when the verdict cannot be remembered. */
export function checkKey(user: unknown): string | undefined {
  const out: string[] = []
  if (!encode(user, out)) return undefined
  let schema: Buffer
  try {
    schema = readFileSync(SCHEMA_FILE)
  } catch {
    return undefined
  }
  return createHash('sha256').update(schema).update('\0').update(out.join('')).digest('hex')
}

/** Whether `file` records a passed check under `key`. */
export function checkPassed(file: string, key: string): boolean {
  try {
    return readFileSync(file, 'utf8') === key
  } catch {
    return false
  }
}

/** Record a passed check (best effort: a cache that cannot be written only costs the check next time). */
export function rememberPassed(file: string, key: string): void {
  try {
    writeFileSync(`${file}.${process.pid}.tmp`, key)
    renameSync(`${file}.${process.pid}.tmp`, file)
  } catch {
    // not remembered
  }
}
