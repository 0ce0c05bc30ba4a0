import { CodecError, type CodecErrorCode } from './errors.ts'

/** Lowercase hex of bytes (no `0x`), for comparing encodings with vectors in tests. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** Bytes of a hex string (no `0x`). */
export const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'))

/** The code a thunk fails with, or 'no error'; any non-CodecError is rethrown (a host bug). */
export function codeOf(run: () => unknown): CodecErrorCode | 'no error' {
  try {
    run()
    return 'no error'
  } catch (e) {
    if (e instanceof CodecError) return e.code
    throw e
  }
}
