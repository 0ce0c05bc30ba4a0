/**
 * The one registry of test-helper error codes (`toolkit/testing`). Each says what happened and
 * what to do; tests branch on `code`, never on message text. Assertion failures are not here:
 * they are `AssertionError`s (node:assert), which vitest shows with a diff.
 */
export const TESTING_ERRORS = {
  NO_TEST_CHAIN: 'no test chain is open in this process; call createTestChain() first (the free helpers use the most recently created chain that is still open)',
  CHAIN_CLOSED: 'this test chain was closed; create a new one with createTestChain()',
  COMPILE_FAILED: 'the contract did not compile; fix the diagnostics listed (file:line code) and run again',
  FIXTURE_ANONYMOUS: 'loadFixture keys fixtures by function identity, so an inline arrow would run every time; declare the fixture as a named function (async function deployToken() {...}) and pass it',
  FIXTURE_SNAPSHOT_LOST: "the fixture's snapshot is gone (a manual revert to an earlier snapshot used it up); do not mix chain.revert() with loadFixture, or create a new chain",
  NO_ABI: 'no ABI for that contract: its code has no embedded ABI; pass the contract path or artifact to at(address, source)',
  NOT_A_CONTRACT: 'there is no contract at that address; check the address (deploy first)',
  INVALID_ARGUMENT: 'an argument of a test helper is not of the expected kind; see the message',
} as const

export type TestingErrorCode = keyof typeof TESTING_ERRORS

/**
 * A misuse of the test helpers or a setup failure (not a failed assertion).
 * @example try { await loadFixture(() => deploy()) } catch (e) { e.code === 'FIXTURE_ANONYMOUS' }
 */
export class TestingError extends Error {
  override readonly name = 'TestingError'
  constructor(
    readonly code: TestingErrorCode,
    detail: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail} (${TESTING_ERRORS[code]})`, options)
  }
}
