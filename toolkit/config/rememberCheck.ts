import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createFileRecorder, sha256, type FileRecord } from '../cli/fileRecords.ts'

/**
 * Remembering that a config passed the schema check, so that the next load skips zod (about a
 * third of a warm `toolkit compile`). The check is a pure function of the config's data and of
 * the schema, so its verdict is kept for both: the config encoded exactly (checkKey: its sha256,
 * the data may hold secrets read from the environment) and the source of configSchema.ts (its
 * content record, ../cli/fileRecords.ts: a stat as recorded vouches for it). A config that is
 * not plain data (a function, a class instance, a symbol key, a non-finite number) gets no key
 * and is checked every time.
 */

const SCHEMA_FILE = fileURLToPath(new URL('./configSchema.ts', import.meta.url))

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

/** The key of a config's data for its schema check, or undefined when the verdict cannot be remembered. */
export function checkKey(user: unknown): string | undefined {
  const out: string[] = []
  if (!encode(user, out)) return undefined
  return sha256(out.join(''))
}

const MARK_FORMAT = 'tsvm-config-check/2'

/** The mark file: a passed check, of the data with key `data`, under the schema as recorded. */
interface Mark {
  readonly format: typeof MARK_FORMAT
  readonly schema: FileRecord
  readonly data: string
}

function write(file: string, mark: Mark): void {
  try {
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(mark) + '\n')
    renameSync(`${file}.${process.pid}.tmp`, file)
  } catch {
    // not remembered (best effort: a cache that cannot be written only costs the check next time)
  }
}

/**
 * The verdict `file` remembers for the data of key `key` under the schema as it is now
 * (`schemaFile`: configSchema.ts but in tests): `passed`, or else `remember()` to call once the
 * check passed. The schema is recorded here, before the check runs, so an edit to it meanwhile
 * is never remembered as checked.
 */
export function rememberedCheck(file: string, key: string, schemaFile = SCHEMA_FILE): { readonly passed: boolean; remember(): void } {
  let mark: Partial<Mark> | undefined
  try {
    mark = JSON.parse(readFileSync(file, 'utf8')) as Partial<Mark>
  } catch {
    mark = undefined
  }
  const recorded = mark?.format === MARK_FORMAT && mark.data === key && mark.schema !== null && typeof mark.schema === 'object' ? mark.schema : undefined
  const schema = createFileRecorder().record(schemaFile, recorded)
  const remember = () => void (schema.sha256 !== 'missing' && write(file, { format: MARK_FORMAT, schema, data: key }))
  const passed = recorded !== undefined && schema.sha256 !== 'missing' && schema.sha256 === recorded.sha256
  // Touched but unchanged: its new stat is recorded, so that the next load need not hash it.
  if (passed && schema !== recorded) remember()
  return { passed, remember }
}
