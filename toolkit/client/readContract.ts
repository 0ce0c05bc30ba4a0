import { AbiDecodeError, decodeValue, type AbiMethod } from '../../contracts/sdk/abi.ts'
import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import { artifactResolver, methodOf, type ContractTarget } from './ContractTarget.ts'
import { encodeArguments } from './encodeArguments.ts'
import { explainFailure } from './explainFailure.ts'

/** Decode a method's canonical JSON return value with its ABI type. */
export function decodeReturnValue(method: AbiMethod, returnValue: string | undefined): unknown {
  try {
    return decodeValue(method.returns, returnValue === undefined ? null : JSON.parse(returnValue), `${method.name} return value`)
  } catch (error) {
    if (!(error instanceof AbiDecodeError || error instanceof SyntaxError)) throw error
    throw new ClientError('INVALID_RETURN_VALUE', error.message, { method: method.name }, { cause: error })
  }
}

/**
 * Run a view at the head (chain_call) and decode its result. The wallet's address, if any, is
 * the caller (`msg.sender`). Throws ContractError (with the TypeScript line) if the view fails.
 * @example await readContract(target, 'balanceOf', ['0x2f72…']) // 25n
 */
export async function readContract(target: ContractTarget, name: string, args: readonly unknown[]): Promise<unknown> {
  const method = methodOf(target, name, ['view'])
  const encoded = encodeArguments(method, args)
  const out = await callRpc(target.provider, 'chain_call', [{ ...(target.wallet ? { from: target.wallet.address } : {}), to: target.address, method: name, args: encoded }])
  if (out.status === 'failure') {
    throw await explainFailure(out, { contract: target.address, method: name, artifactFor: artifactResolver(target) })
  }
  return decodeReturnValue(method, out.returnValue)
}
