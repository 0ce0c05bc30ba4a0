import { AbiDecodeError, decodeValue, type AbiMethod } from '../../../contracts/sdk/abi.ts'
import { ToolkitError } from '../errors.ts'

// A JSON string token, or a bare integer of 16+ digits (past Number's exact range).
const BIG_INTEGERS = /"(?:[^"\\]|\\.)*"|-?\d{16,}(?![\d.eE])/g

/** JSON.parse, except that integers too long for a number arrive as decimal strings (exact). */
function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(BIG_INTEGERS, (m) => (m.startsWith('"') ? m : `"${m}"`)))
}

/**
 * Turn command-line words into a method's arguments. Each word is JSON when it parses as JSON
 * (`5`, `true`, `[1,2]`, `{"a":1}`, `"0x…"`), else the string itself; then it is decoded with
 * the ABI type of its parameter, so a bigint may be written as a plain integer of any length
 * (`1000000000000000000000`). A word that is valid JSON but not of the parameter's type is
 * tried as a plain string too (a token symbol `123` for a string parameter).
 * Throws TK_INVALID_ARGUMENT naming the parameter.
 * @example parseMethodArgs(transfer, ['0x2f72…', '5']) // ['0x2f72…', 5n]
 */
export function parseMethodArgs(method: AbiMethod, words: readonly string[]): unknown[] {
  if (words.length > method.params.length) {
    throw new ToolkitError('TK_INVALID_ARGUMENT', `${method.name} takes ${method.params.length} argument(s), got ${words.length}`, {
      details: [`usage: ${method.name}(${method.params.map((p) => `${p.name}${p.optional ? '?' : ''}`).join(', ')})`],
    })
  }
  return method.params.map((param, i) => {
    const word = words[i]
    if (word === undefined) {
      if (param.optional) return undefined
      throw new ToolkitError('TK_INVALID_ARGUMENT', `${method.name}: missing argument ${i + 1} (${param.name})`, {
        details: [`usage: ${method.name}(${method.params.map((p) => `${p.name}${p.optional ? '?' : ''}`).join(', ')})`],
      })
    }
    let parsed: unknown = word
    try {
      parsed = parseJsonExact(word)
    } catch {
      // not JSON: the word is a string
    }
    const path = `${method.name}.${param.name}`
    try {
      return decodeValue(param.type, parsed, path)
    } catch (error) {
      if (!(error instanceof AbiDecodeError)) throw error
      if (parsed !== word) {
        try {
          return decodeValue(param.type, word, path)
        } catch {
          // report the JSON reading's error
        }
      }
      throw new ToolkitError('TK_INVALID_ARGUMENT', `argument ${i + 1} (${param.name}): ${error.message}, got ${JSON.stringify(word)}`)
    }
  })
}
