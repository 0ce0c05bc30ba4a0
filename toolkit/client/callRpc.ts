import type { Provider } from './Provider.ts'
import type { ChainRpcSchema } from './rpcSchema.ts'

/**
 * A typed `provider.request` for the node's chain and dev methods: params checked by the
 * compiler, the result typed as the node sends it (amounts as decimal strings).
 * @example const info = await callRpc(provider, 'chain_info', []) // info.minGasPrice: string
 */
export function callRpc<K extends keyof ChainRpcSchema>(provider: Provider, method: K, params: ChainRpcSchema[K]['params']): Promise<ChainRpcSchema[K]['result']> {
  return provider.request(method, params) as Promise<ChainRpcSchema[K]['result']>
}
