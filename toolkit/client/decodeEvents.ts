import { AbiDecodeError, decodeValue, type Abi, type AbiEvent, type AbiType } from '../../contracts/sdk/abi.ts'
import { ClientError } from './ClientError.ts'
import type { ContractEvent, DecodedEvent, LogPosition } from './Contract.ts'
import type { RpcEvent, RpcLog } from './rpcSchema.ts'

const types = new WeakMap<AbiEvent, AbiType>()

function fieldsType(event: AbiEvent): AbiType {
  let t = types.get(event)
  if (!t) {
    const optional = event.fields.filter((f) => f.optional).map((f) => f.name)
    t = { object: Object.fromEntries(event.fields.map((f) => [f.name, f.type])), ...(optional.length ? { optional } : {}) }
    types.set(event, t)
  }
  return t
}

/** Decode one event known to the ABI; throws ClientError INVALID_EVENT_DATA if its data does not fit. */
export function decodeEvent(event: AbiEvent, raw: RpcEvent): DecodedEvent {
  try {
    const args = decodeValue(fieldsType(event), JSON.parse(raw.data), event.name) as Record<string, unknown>
    return { name: raw.name, contract: raw.contract, args }
  } catch (error) {
    if (!(error instanceof AbiDecodeError || error instanceof SyntaxError)) throw error
    throw new ClientError('INVALID_EVENT_DATA', `event ${raw.name} of ${raw.contract}: ${error.message}`, { event: raw.name, contract: raw.contract }, { cause: error })
  }
}

/**
 * Decode the events of a receipt (or of logs) that the ABI declares; others (events of other
 * contracts the transaction touched) are left out. With `contract`, only that contract's
 * events are decoded: use it when another contract in the receipt has an event of the same
 * name and a different shape, which would otherwise throw INVALID_EVENT_DATA.
 * Give the contract module as `M` for typed events.
 * @example
 * decodeEvents<typeof ERC20>(erc20.abi, receipt.events)
 * // [{ name: 'Transfer', contract: '0x1ec7…', args: { from: '0xaaf8…', to: '0x2f72…', value: 25n } }]
 */
export function decodeEvents<M = unknown>(abi: Abi, events: readonly RpcEvent[], options: { readonly contract?: string } = {}): Array<ContractEvent<M>> {
  const byName = new Map(abi.events.map((e) => [e.name, e]))
  const out: DecodedEvent[] = []
  for (const raw of events) {
    if (options.contract !== undefined && raw.contract !== options.contract) continue
    const event = byName.get(raw.name)
    if (event) out.push(decodeEvent(event, raw))
  }
  // The ABI was extracted from M's types, so each decoded event has the shape M declares.
  return out as Array<ContractEvent<M>>
}

/** Decode logs (chain_getLogs, the logs subscription) with their positions. */
export function decodeLogs(abi: Abi, logs: readonly RpcLog[]): Array<DecodedEvent & LogPosition> {
  const byName = new Map(abi.events.map((e) => [e.name, e]))
  const out: Array<DecodedEvent & LogPosition> = []
  for (const log of logs) {
    const event = byName.get(log.name)
    if (event) out.push({ ...decodeEvent(event, log), blockHeight: log.blockHeight, txHash: log.txHash, txIndex: log.txIndex, logIndex: log.logIndex })
  }
  return out
}
