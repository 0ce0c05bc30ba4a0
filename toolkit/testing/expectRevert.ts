import { AssertionError } from 'node:assert'
import { ContractError } from '../client/ContractError.ts'

/** What a revert must match: a string is the exact `reason` or the `code`; an object, each field given. */
export type RevertExpectation = string | { readonly code?: string; readonly reason?: string }

/**
 * Assert that a contract call or deploy fails. `expected` as a string matches the failure's
 * exact `reason` (`require(cond, reason)`) or its VM `code` (`REVERT`, `OUT_OF_GAS`,
 * `NOT_PAYABLE`, ...); as an object, every field given must match. Resolves with the
 * ContractError for further checks. Any other outcome (success, or an error that is not a
 * ContractError such as a refused argument) fails the assertion.
 * @example
 * await expectRevert(token.transfer(bob, 10n ** 30n), 'insufficient balance')
 * await expectRevert(() => token.connect(bob).mint(bob, 1n), { code: 'REVERT', reason: 'only the owner can mint' })
 */
export async function expectRevert(action: Promise<unknown> | (() => Promise<unknown>), expected: RevertExpectation): Promise<ContractError> {
  const want = typeof expected === 'string' ? expected : `${expected.code ?? '*'}: ${expected.reason ?? '*'}`
  let value: unknown
  try {
    value = await (typeof action === 'function' ? action() : action)
  } catch (error) {
    if (!(error instanceof ContractError)) {
      throw new AssertionError({ message: `expected a contract failure (${want}), got ${describe(error)}`, actual: describe(error), expected: want, operator: 'expectRevert' })
    }
    const matches =
      typeof expected === 'string'
        ? error.reason === expected || error.code === expected
        : (expected.code === undefined || error.code === expected.code) && (expected.reason === undefined || error.reason === expected.reason)
    if (!matches) {
      const actual = typeof expected === 'string' ? (error.reason ?? error.code) : { code: error.code, reason: error.reason }
      const expectedShown = typeof expected === 'string' ? expected : { ...(expected.code !== undefined ? { code: expected.code } : {}), ...(expected.reason !== undefined ? { reason: expected.reason } : {}) }
      const at = error.source ? ` at ${error.source.file}:${error.source.line}` : ''
      throw new AssertionError({ message: `expected the call to fail with ${want}, it failed with ${error.code}: ${error.reason ?? '(no reason)'}${at}`, actual, expected: expectedShown, operator: 'expectRevert' })
    }
    return error
  }
  throw new AssertionError({ message: `expected the call to fail with ${want}, but it succeeded`, actual: summarize(value), expected: want, operator: 'expectRevert' })
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

function summarize(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'hash' in value) return { hash: (value as { hash: unknown }).hash }
  return value
}
