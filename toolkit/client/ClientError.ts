/**
 * The one registry of client-side error codes. Each says what happened and what to do;
 * tests and callers branch on `code`, never on message text.
 *
 * Three error classes share these codes where they overlap:
 * - {@link ClientError}: the client refused before asking the node (a bad argument, no signer, ...),
 * - `ProviderError`: the node answered with a JSON-RPC error (numeric `code`), or the transport
 *   failed (`code` is one of the transport codes below),
 * - `ContractError`: the contract ran and failed (`code` is a VM code: REVERT, OUT_OF_GAS, ...).
 */
export const CLIENT_ERRORS = {
  // ---- transport (ProviderError) ----
  NETWORK_ERROR: 'the node could not be reached (refused, reset, DNS); check the URL and that the node is running',
  CONNECTION_CLOSED: 'the WebSocket closed before the answer came; create a new provider and retry (a sent transaction may have arrived: look up its hash)',
  REQUEST_TIMEOUT: 'the node did not answer within timeoutMs; retry, or raise timeoutMs for slow methods',
  BAD_RESPONSE: 'the answer is not a JSON-RPC 2.0 response; check the URL points at a tsvm node',
  PROVIDER_CLOSED: 'close() was called on this provider; create a new one',
  SUBSCRIPTIONS_UNSUPPORTED: 'this provider cannot push events (HTTP); use createWsProvider or createInProcessProvider',
  // ---- client-side checks (ClientError) ----
  INVALID_ARGUMENT: 'an argument does not match the method ABI; `details.param` names it (bigint amounts are bigint, addresses 0x + 40 lowercase hex)',
  INVALID_RETURN_VALUE: 'the node returned a value that does not match the ABI; the artifact and the deployed code differ: compile and deploy again',
  INVALID_EVENT_DATA: 'an event does not match the ABI event of that name; decode with the ABI of the contract that emitted it',
  UNKNOWN_METHOD: 'the ABI has no such method; check the name against artifact.abi.methods',
  UNKNOWN_EVENT: 'the ABI has no such event; check the name against artifact.abi.events',
  NO_SIGNER: 'writes need a Wallet; pass a Wallet as the runner (contractAt(..., wallet)) or contract.connect(wallet)',
  INVALID_KEY: 'a secret key is 32 bytes (Uint8Array or 0x + 64 hex digits), or a dev account index',
  WAIT_TIMEOUT: 'the transaction was not mined within timeoutMs; check it is still pending (chain_getTransaction) or raise the gas price',
  DEPLOY_FAILED: 'the deploy receipt has no contract address; check the receipt status and code',
} as const

/** A key of {@link CLIENT_ERRORS}. */
export type ClientErrorCode = keyof typeof CLIENT_ERRORS

/**
 * A problem the client found on its own, before or without the node's help.
 * @example
 * try { await token.transfer('bob', 5n) } catch (e) { if (e instanceof ClientError && e.code === 'INVALID_ARGUMENT') ... }
 */
export class ClientError extends Error {
  override readonly name = 'ClientError'
  constructor(
    readonly code: ClientErrorCode,
    detail: string,
    /** Structured context, e.g. `{ method: 'transfer', param: 'to' }`. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail} (${CLIENT_ERRORS[code]})`, options)
  }
}
