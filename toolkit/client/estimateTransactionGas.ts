import { intrinsicGas } from '../../node/chain/intrinsicGas.ts'
import type { Payload } from '../../node/chain/types.ts'
import { callRpc } from './callRpc.ts'
import type { Provider } from './Provider.ts'
import type { RpcGasEstimate } from './rpcSchema.ts'

/**
 * Dry-run a transaction at the head with `chain_estimateGas` (writes allowed, nothing kept):
 * its gas and, on failure, its code, reason and debug frames. Transfers and staking run no
 * contract code, so their gas is the intrinsic gas and nothing is asked of the node.
 * @example await estimateTransactionGas(provider, wallet.address, { type: 'call', to, method: 'transfer', args: '["0x…","5"]' })
 */
export async function estimateTransactionGas(provider: Provider, from: string, payload: Payload, value = 0n): Promise<RpcGasEstimate> {
  const intrinsic = intrinsicGas({ payload })
  if (payload.type !== 'call' && payload.type !== 'deploy') return { gas: intrinsic, executionGas: 0, intrinsicGas: intrinsic, status: 'success' }
  const args = JSON.parse(payload.args) as unknown[]
  const v = value > 0n ? { value: value.toString() } : {}
  const query = payload.type === 'deploy' ? { from, code: payload.code, args, ...v } : { from, to: payload.to, method: payload.method, args, ...v }
  return callRpc(provider, 'chain_estimateGas', [query])
}
