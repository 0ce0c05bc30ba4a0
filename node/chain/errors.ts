/**
 * Codes of transaction validation (and of the few chain functions that throw on caller bugs):
 * one registry, each with what to do. A rejected transaction is a result with one of these codes.
 */
export const CHAIN_ERRORS = {
  TX_TOO_LARGE: { hint: 'the encoded transaction is over the node limit (maxTxBytes); deploy smaller code or pass less data' },
  TX_MALFORMED: { hint: 'not one canonical signed transaction; build it with signTransaction and send encodeTransaction bytes' },
  TX_WRONG_CHAIN: { hint: "sign for this chain's id (chain info over RPC gives it)" },
  TX_GAS_LIMIT_BELOW_INTRINSIC: { hint: 'raise gasLimit to at least intrinsicGas(tx): 21,000 + 16 per byte of code, method and args' },
  TX_GAS_LIMIT_ABOVE_MAXIMUM: { hint: 'lower gasLimit to at most the block gas limit' },
  TX_BAD_ARGS: { hint: 'args must be JSON.stringify of an array (canonical JSON text, bigints as decimal strings)' },
  TX_BAD_SIGNATURE: { hint: 'sign with the secret key whose public key is tx.from (signTransaction does this)' },
  TX_SIGNER_MISMATCH: { hint: 'the secret key does not belong to tx.from; pass the matching key' },
} as const satisfies Record<string, { hint: string }>

/** A key of CHAIN_ERRORS. */
export type ChainErrorCode = keyof typeof CHAIN_ERRORS

/** Thrown for caller bugs only (invalid input is a result, not an exception). */
export class ChainError extends Error {
  override readonly name = 'ChainError'
  readonly code: ChainErrorCode

  constructor(code: ChainErrorCode, detail: string) {
    super(`${code}: ${detail} (${CHAIN_ERRORS[code].hint})`)
    this.code = code
  }
}
