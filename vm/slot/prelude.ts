import { readFileSync } from 'node:fs'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** The sandbox prelude's source (see vm/sandbox/prelude.js). */
export const PRELUDE = readFileSync(new URL('../sandbox/prelude.js', import.meta.url), 'utf8')
/** Identity of the prelude: part of the VM version that genesis records. */
export const PRELUDE_HASH = '0x' + bytesToHex(sha256(new TextEncoder().encode(PRELUDE)))

/** Contract line L is line L of the evaluated script: the wrapper adds no line before it. */
export const CONTRACT_FILE = 'contract.js'

/** The script a contract load evaluates: a strict function the prelude's setup calls. */
export function wrapContract(instrumented: string): string {
  return '(function (module, exports) {"use strict";' + instrumented + '\n})'
}
