import type { AbiMethod } from '../../contracts/sdk/abi.ts'
import type { Payload } from '../../node/chain/types.ts'
import type { CallResult, SentCall, WriteOptions } from './Contract.ts'
import { ContractError } from './ContractError.ts'
import { artifactResolver, methodOf, walletOf, type ContractTarget } from './ContractTarget.ts'
import { decodeEvents } from './decodeEvents.ts'
import { encodeArguments } from './encodeArguments.ts'
import { explainFailedReceipt } from './explainFailedReceipt.ts'
import { explainFailure } from './explainFailure.ts'
import { decodeReturnValue } from './readContract.ts'

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)

/**
 * Split a write's arguments from its trailing options: one plain object past the method's own
 * parameters (ethers' "overrides"). With optional trailing parameters, pass them (as undefined)
 * to give options.
 */
export function splitWriteArgs(paramCount: number, args: readonly unknown[]): { args: readonly unknown[]; options: WriteOptions } {
  if (args.length === paramCount + 1 && isPlainObject(args[paramCount])) return { args: args.slice(0, paramCount), options: args[paramCount] as WriteOptions }
  return { args, options: {} }
}

/** Re-throw a dry-run ContractError from the wallet with this contract's TypeScript line. */
export async function withSource(error: unknown, target: ContractTarget, ownAddresses: readonly string[] = []): Promise<unknown> {
  if (!(error instanceof ContractError) || error.txHash !== undefined || error.source !== undefined) return error
  return explainFailure(
    { code: error.code, reason: error.reason, debug: error.debug, gasUsed: error.gasUsed },
    { contract: error.contract, method: error.method, artifactFor: artifactResolver(target, ownAddresses) },
  )
}

/**
 * The payload of a call: arguments checked against the ABI and encoded, before anything is sent.
 */
export function callPayload(target: ContractTarget, name: string, args: readonly unknown[]): { method: AbiMethod; payload: Payload; options: WriteOptions } {
  const method = methodOf(target, name, ['call'])
  const split = splitWriteArgs(method.params.length, args)
  const encoded = encodeArguments(method, split.args)
  return { method, payload: { type: 'call', to: target.address, method: name, args: JSON.stringify(encoded) }, options: split.options }
}

/**
 * Send a call and resolve once the node accepted it; `wait()` gives the decoded result or
 * throws ContractError. A call whose dry run fails is not sent (ContractError without txHash);
 * give `gasLimit` to send it anyway.
 * @example const sent = await sendContract(target, 'transfer', [bob, 5n]); const { events } = await sent.wait()
 */
export async function sendContract(target: ContractTarget, name: string, args: readonly unknown[]): Promise<SentCall<unknown>> {
  const { method, payload, options } = callPayload(target, name, args)
  const wallet = walletOf(target, name)
  const { wait: waitOptions, ...sendOptions } = options
  let sent
  try {
    sent = await wallet.send(payload, sendOptions)
  } catch (error) {
    throw await withSource(error, target)
  }
  const tx = sent
  return {
    hash: tx.hash,
    nonce: tx.nonce,
    async wait(overrides): Promise<CallResult<unknown>> {
      const receipt = await tx.wait(overrides ?? waitOptions)
      if (receipt.status === 'failure') {
        throw await explainFailedReceipt(target.provider, tx, receipt, { contract: target.address, method: name, artifactFor: artifactResolver(target) })
      }
      return {
        hash: tx.hash,
        receipt,
        returnValue: decodeReturnValue(method, receipt.returnValue),
        events: decodeEvents(target.abi, receipt.events, { contract: target.address }),
      }
    },
  }
}
