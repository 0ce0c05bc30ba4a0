import type { CallResult } from '../../client/Contract.ts'
import type { ContractError } from '../../client/ContractError.ts'
import type { CommandAction } from '../CommandContext.ts'
import { prepareContractCommand } from '../contract/prepareContractCommand.ts'
import { connectNetwork } from '../network/connectNetwork.ts'
import { toJsonText } from '../toJsonText.ts'
import { toToolkitError } from '../toToolkitError.ts'

/**
 * `toolkit send <Contract> <address> <method> [args...] [--from i] [--value n]`: sign with the
 * network's account `--from`, send, wait for the receipt, print status, gas and decoded events.
 * A failure (found by the dry run, before sending, or mined) is TK_CALL_FAILED with the
 * contract's TypeScript line.
 */
const send: CommandAction = async (ctx, words, options) => {
  const { network, artifact, artifacts, method, args } = await prepareContractCommand(ctx, words, 'call')
  const [{ contractAt }, { ContractError }] = await Promise.all([import('../../client/contractAt.ts'), import('../../client/ContractError.ts')])
  const connection = await connectNetwork(network)
  try {
    const wallet = await connection.wallet(options.from as number)
    const contract = contractAt(artifact, words[1] as string, wallet, { artifacts })
    const write = contract.write as Record<string, (...a: unknown[]) => Promise<CallResult<unknown>>>
    const overrides = options.value === undefined ? [] : [{ value: options.value as bigint }]
    let result: CallResult<unknown>
    try {
      result = await write[method.name]!(...args, ...overrides)
    } catch (error) {
      if (error instanceof ContractError && error.receipt) printFailedReceipt(ctx.log, error)
      throw error
    }
    const { receipt } = result
    ctx.log(`${artifact.contractName}.${method.name} from ${wallet.address}`)
    ctx.log(`  tx       ${result.hash}`)
    ctx.log(`  status   ${receipt.status} (block #${receipt.blockHeight})`)
    ctx.log(`  gas      ${receipt.gasUsed} (fee ${receipt.fee})`)
    if (method.returns !== 'void') ctx.log(`  returns  ${toJsonText(result.returnValue)}`)
    if (result.events.length === 0) ctx.log('  events   (none)')
    for (const [i, e] of result.events.entries()) ctx.log(`  ${i === 0 ? 'events  ' : '        '} ${e.name} ${toJsonText(e.args)}`)
  } catch (error) {
    throw toToolkitError(error, { network })
  } finally {
    await connection.close()
  }
}

function printFailedReceipt(log: (text: string) => void, error: ContractError): void {
  const r = error.receipt!
  log(`  tx       ${r.txHash}`)
  log(`  status   ${r.status} (block #${r.blockHeight})`)
  log(`  gas      ${r.gasUsed} (fee ${r.fee})`)
}

export default send
