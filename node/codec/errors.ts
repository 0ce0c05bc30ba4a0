/**
 * Codes of the binary codec: one registry, each with what it means and what to do. Decoding
 * untrusted bytes fails with one of these (a `CodecError`); callers map it to their own
 * result (a malformed transaction, a peer sending bad data), never match on message text.
 */
export const CODEC_ERRORS = {
  CODEC_TRUNCATED: { hint: 'the input ended inside a value; the sender cut or mis-framed the bytes' },
  CODEC_TRAILING_BYTES: { hint: 'bytes remain after the value; an encoding has exactly one length' },
  CODEC_NON_MINIMAL: { hint: 'a varint or big integer was padded (extra zero bytes); use the shortest form' },
  CODEC_OVERFLOW: { hint: 'an integer is over 2^64-1; u64 fields hold at most 10 varint bytes' },
  CODEC_OUT_OF_RANGE: { hint: 'an integer is over the field maximum (2^53-1 for number fields)' },
  CODEC_TOO_LONG: { hint: 'a length or count is over the field maximum; the limits are in the schema' },
  CODEC_BAD_TAG: { hint: 'an optional or union tag byte is not one the schema defines' },
  CODEC_BAD_BOOL: { hint: 'a boolean byte is neither 0 nor 1' },
  CODEC_BAD_UTF8: { hint: 'a string field holds bytes that are not valid UTF-8' },
  CODEC_INVALID_VALUE: { hint: 'encoding: the value does not fit its schema (type, range, length); fix the caller' },
} as const satisfies Record<string, { hint: string }>

/** A key of CODEC_ERRORS. */
export type CodecErrorCode = keyof typeof CODEC_ERRORS

/**
 * A decode (or encode) failure with a code from {@link CODEC_ERRORS}.
 * @example try { decode(u64, bytes) } catch (e) { if (e instanceof CodecError && e.code === 'CODEC_TRUNCATED') … }
 */
export class CodecError extends Error {
  override readonly name = 'CodecError'
  readonly code: CodecErrorCode
  /** What was wrong, without the code and hint (for composing field paths). */
  readonly detail: string
  /** Byte offset in the input where decoding failed (undefined for encode errors). */
  readonly offset: number | undefined

  constructor(code: CodecErrorCode, detail: string, offset?: number) {
    super(`${code}: ${detail}${offset === undefined ? '' : ` at byte ${offset}`} (${CODEC_ERRORS[code].hint})`)
    this.code = code
    this.detail = detail
    this.offset = offset
  }
}
