import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import type { ContractTarget } from './ContractTarget.ts'
import type { DecodedEvent, EventQuery, LogPosition } from './Contract.ts'
import { decodeLogs } from './decodeEvents.ts'

/** ClientError UNKNOWN_EVENT unless the ABI declares `name`. */
export function checkEventName(target: ContractTarget, name: string | undefined): void {
  if (name !== undefined && !target.abi.events.some((e) => e.name === name)) {
    throw new ClientError('UNKNOWN_EVENT', `no event ${name} in the ABI of ${target.address}`, { event: name, contract: target.address })
  }
}

/**
 * Past events of the contract from the node's event index (chain_getLogs), decoded, oldest
 * first; one event name or all of them, in a block range.
 * @example await queryContractEvents(target, 'Transfer', { fromBlock: 0 }) // [{ name: 'Transfer', args: { value: 5n, ... }, blockHeight: 2, ... }]
 */
export async function queryContractEvents(target: ContractTarget, name: string | undefined, query: EventQuery = {}): Promise<Array<DecodedEvent & LogPosition>> {
  checkEventName(target, name)
  const logs = await callRpc(target.provider, 'chain_getLogs', [
    {
      contract: target.address,
      ...(name !== undefined ? { event: name } : {}),
      ...(query.fromBlock !== undefined ? { fromBlock: query.fromBlock } : {}),
      ...(query.toBlock !== undefined ? { toBlock: query.toBlock } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    },
  ])
  return decodeLogs(target.abi, logs)
}
