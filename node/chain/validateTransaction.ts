import { CodecError } from '../codec/errors.ts'
import { verifySignature } from '../crypto/verify.ts'
import { decodeTransaction, encodeTransaction } from './encodeTransaction.ts'
import type { ChainErrorCode } from './errors.ts'
import { intrinsicGas } from './intrinsicGas.ts'
import { signingHash } from './signingHash.ts'
import { txHash } from './txHash.ts'
import type { Hash, SignedTransaction } from './types.ts'

/** What a node checks a transaction against, without looking at state. */
export interface ValidateTransactionOptions {
  readonly chainId: string
  /** Largest accepted encoded size in bytes. */
  readonly maxTxBytes: number
  /** Largest accepted gas limit (the block gas limit); unchecked when absent. */
  readonly maxGasLimit?: number
}

/** The verdict: the decoded transaction with its hash and size, or a code from CHAIN_ERRORS. */
export type TxValidation =
  | { readonly ok: true; readonly tx: SignedTransaction; readonly hash: Hash; readonly size: number }
  | { readonly ok: false; readonly code: ChainErrorCode; readonly detail: string }

/** Deepest array/object nesting accepted in `args`: keeps JSON.parse/stringify far from stack limits. */
export const MAX_ARGS_DEPTH = 64

/**
 * Stateless validity of a transaction: size, canonical encoding, chain id, gas limit against the
 * intrinsic gas (and the block gas limit), `args` as canonical JSON array text, and the signature
 * (checked last: it is the expensive part). Nonce and balance need state and are checked by the
 * executor. A pure function: mempool admission and block validation give the same verdict.
 * @example validateTransaction(rawBytes, { chainId: 'tsvm-dev', maxTxBytes: 128 * 1024 }) // { ok: true, tx, hash, size }
 */
export function validateTransaction(input: Uint8Array | SignedTransaction, opts: ValidateTransactionOptions): TxValidation {
  const v = checkTransaction(input, opts)
  if (v.ok && !verifySignature(v.tx.from, signingHash(v.tx), v.tx.signature)) return reject('TX_BAD_SIGNATURE', 'signature does not verify for tx.from')
  return v
}

/**
 * {@link validateTransaction} without the signature: for callers that verify it elsewhere (the
 * node verifies on a worker thread while it is busy mining). Not a verdict on its own.
 */
export function checkTransaction(input: Uint8Array | SignedTransaction, opts: ValidateTransactionOptions): TxValidation {
  let bytes: Uint8Array
  let tx: SignedTransaction
  try {
    if (input instanceof Uint8Array) {
      // Size first: never spend decoding work on an oversized input.
      if (input.length > opts.maxTxBytes) return reject('TX_TOO_LARGE', `${input.length} bytes > ${opts.maxTxBytes}`)
      bytes = input
      tx = decodeTransaction(input)
    } else {
      bytes = encodeTransaction(input)
      tx = input
    }
  } catch (e) {
    if (e instanceof CodecError) return reject('TX_MALFORMED', `${e.code}: ${e.detail}`)
    throw e
  }
  if (bytes.length > opts.maxTxBytes) return reject('TX_TOO_LARGE', `${bytes.length} bytes > ${opts.maxTxBytes}`)
  if (tx.chainId !== opts.chainId) return reject('TX_WRONG_CHAIN', `chain id ${JSON.stringify(tx.chainId)}, expected ${JSON.stringify(opts.chainId)}`)
  const intrinsic = intrinsicGas(tx)
  if (tx.gasLimit < intrinsic) return reject('TX_GAS_LIMIT_BELOW_INTRINSIC', `gasLimit ${tx.gasLimit} < intrinsic gas ${intrinsic}`)
  if (opts.maxGasLimit !== undefined && tx.gasLimit > opts.maxGasLimit) {
    return reject('TX_GAS_LIMIT_ABOVE_MAXIMUM', `gasLimit ${tx.gasLimit} > ${opts.maxGasLimit}`)
  }
  if ((tx.payload.type === 'deploy' || tx.payload.type === 'call') && !isCanonicalJsonArray(tx.payload.args)) {
    return reject('TX_BAD_ARGS', 'args is not JSON.stringify of an array')
  }
  return { ok: true, tx, hash: txHash(tx), size: bytes.length }
}

function reject(code: ChainErrorCode, detail: string): TxValidation {
  return { ok: false, code, detail }
}

/**
 * `text` is exactly what JSON.stringify gives for some array. One text per argument list keeps
 * transactions free of whitespace and number-format variants; the depth bound comes first so that
 * the verdict never depends on a machine's stack size.
 */
function isCanonicalJsonArray(text: string): boolean {
  if (text.charCodeAt(0) !== 0x5b /* [ */) return false
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b /* { */) {
      if (++depth > MAX_ARGS_DEPTH) return false
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return false
  }
  return Array.isArray(value) && JSON.stringify(value) === text
}
