import { readFileSync } from 'node:fs'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

const MARKER = '/*__CONTRACT__*/'
const text = readFileSync(new URL('../sandbox/prelude.js', import.meta.url), 'utf8')
const at = text.indexOf(MARKER)
if (at < 0) throw new Error('vm/sandbox/prelude.js has lost its contract marker')

/** The prelude up to where the contract goes; ends mid-line so contract line 1 shares it. */
export const PRELUDE_HEAD = text.slice(0, at)
/** The rest, starting on a new line. */
export const PRELUDE_TAIL = text.slice(at + MARKER.length)
/** Contract line L is script line L + PRELUDE_LINE_OFFSET. */
export const PRELUDE_LINE_OFFSET = PRELUDE_HEAD.split('\n').length - 1
/** Identity of the prelude: part of the VM version that genesis records. */
export const PRELUDE_HASH = '0x' + bytesToHex(sha256(new TextEncoder().encode(text)))

/** The one script a contract instance evaluates. */
export function wrapContract(instrumented: string): string {
  return PRELUDE_HEAD + instrumented + PRELUDE_TAIL
}
