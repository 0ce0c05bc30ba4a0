import { ClientError } from './ClientError.ts'
import type { ContractTarget } from './ContractTarget.ts'
import type { DecodedEvent, LogPosition } from './Contract.ts'
import { decodeLogs } from './decodeEvents.ts'
import type { Unsubscribe } from './Provider.ts'
import { ProviderError } from './ProviderError.ts'
import { checkEventName } from './queryContractEvents.ts'
import type { RpcLog } from './rpcSchema.ts'

/**
 * Call `listener` with each new event `name` of the contract, decoded, as blocks are made (the
 * node's `logs` subscription, filtered by the node). Needs a provider that can push: WebSocket
 * or in-process; HTTP gives SUBSCRIPTIONS_UNSUPPORTED (poll with queryContractEvents instead).
 * An event that does not decode, or a dropped connection, goes to `onError`.
 * @example const stop = await watchContractEvents(target, 'Transfer', (e) => console.log(e.args.value)); await stop()
 */
export async function watchContractEvents(
  target: ContractTarget,
  name: string,
  listener: (event: DecodedEvent & LogPosition) => void,
  onError?: (error: Error) => void,
): Promise<Unsubscribe> {
  checkEventName(target, name)
  const { provider } = target
  if (!provider.subscribe) throw new ProviderError('SUBSCRIPTIONS_UNSUPPORTED', 'this provider cannot subscribe', undefined, 'rpc_subscribe')
  return provider.subscribe(
    'logs',
    { contract: target.address, event: name },
    (result) => {
      let decoded: Array<DecodedEvent & LogPosition>
      try {
        decoded = decodeLogs(target.abi, [result as RpcLog])
      } catch (error) {
        if (onError && error instanceof ClientError) return onError(error)
        throw error
      }
      for (const event of decoded) listener(event)
    },
    onError,
  )
}
