import type { CallResult } from './Contract.ts'
import type { ContractTarget } from './ContractTarget.ts'
import { sendContract } from './sendContract.ts'

/**
 * Send a call and wait until it is mined: resolves with the decoded return value and events,
 * throws ContractError (with the contract's TypeScript line) if it failed.
 * @example const { returnValue, events } = await writeContract(target, 'transfer', [bob, 5n]) // true, [{ name: 'Transfer', ... }]
 */
export async function writeContract(target: ContractTarget, name: string, args: readonly unknown[]): Promise<CallResult<unknown>> {
  const sent = await sendContract(target, name, args)
  return sent.wait()
}
