import { walletOf, type ContractTarget } from './ContractTarget.ts'
import { callPayload, withSource } from './sendContract.ts'

/**
 * The gas limit a write would be sent with (dry run as the wallet × 1.2 + intrinsic gas).
 * Throws ContractError with the TypeScript line if the call would fail.
 * @example await estimateContractGas(target, 'transfer', [bob, 5n]) // 41123
 */
export async function estimateContractGas(target: ContractTarget, name: string, args: readonly unknown[]): Promise<number> {
  const { payload, options } = callPayload(target, name, args)
  const wallet = walletOf(target, name)
  try {
    return await wallet.estimateGas(payload, options.value !== undefined ? { value: options.value } : {})
  } catch (error) {
    throw await withSource(error, target)
  }
}
