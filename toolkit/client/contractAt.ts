import type { Abi } from '../../contracts/sdk/abi.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import { RESERVED_MEMBERS, type Contract } from './Contract.ts'
import type { ContractTarget } from './ContractTarget.ts'
import type { Wallet } from './createWallet.ts'
import { estimateContractGas } from './estimateContractGas.ts'
import type { Provider } from './Provider.ts'
import { queryContractEvents } from './queryContractEvents.ts'
import { readContract } from './readContract.ts'
import { sendContract } from './sendContract.ts'
import { watchContractEvents } from './watchContractEvents.ts'
import { writeContract } from './writeContract.ts'

export interface ContractAtOptions {
  /**
   * Artifacts of other contracts this one calls. When a failure's frames belong to one of
   * them (matched by code hash), the error shows its TypeScript line.
   */
  readonly artifacts?: readonly Artifact[]
}

const isWallet = (runner: Wallet | Provider): runner is Wallet => typeof (runner as Wallet).send === 'function' && typeof (runner as Wallet).address === 'string'

/**
 * A typed handle on a deployed contract, typed from the contract module itself:
 * `M = typeof import('./ERC20.ts')`, no code generation. Views return `Promise<R>` (chain_call,
 * decoded with the ABI: bigint returns are bigints). Calls send a transaction, wait for the
 * receipt and resolve with `{ hash, receipt, returnValue, events }`; a failed call throws
 * ContractError with the contract's TypeScript line (give the artifact, not just the ABI).
 * Arguments are checked against the ABI before anything is sent. A trailing options object
 * (`{ value, gasLimit, gasPrice, nonce, wait }`) follows a call's own arguments.
 *
 * Also on the object: `read.x` / `write.x` (the same methods, by kind), `send.x` (resolve once
 * the node accepted the transaction, `wait()` for the result), `estimateGas.x`,
 * `queryEvents(name, { fromBlock })`, `on(name, listener)`, `connect(runner)`.
 * @example
 * import type * as ERC20 from '../contracts/standard/ERC20.ts'
 * const token = contractAt<typeof ERC20>(artifact, address, wallet)
 * await token.balanceOf(alice)                    // 1000n
 * const { events } = await token.transfer(bob, 5n) // [{ name: 'Transfer', args: { from, to, value: 5n }, ... }]
 * const sent = await token.send.transfer(bob, 5n, { gasPrice: 2n }); await sent.wait()
 */
export function contractAt<M = unknown>(source: Artifact | Abi, address: string, runner: Wallet | Provider, options: ContractAtOptions = {}): Contract<M> {
  const artifact = 'methods' in source ? undefined : source
  const abi = 'methods' in source ? source : source.abi
  const wallet = isWallet(runner) ? runner : undefined
  const target: ContractTarget = { address, abi, artifact, provider: wallet ? wallet.provider : (runner as Provider), wallet, artifacts: options.artifacts ?? [] }

  const read: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  const write: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  const send: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  const estimateGas: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const m of abi.methods) {
    if (m.kind === 'view') read[m.name] = methods[m.name] = (...args) => readContract(target, m.name, args)
    if (m.kind === 'call') {
      write[m.name] = methods[m.name] = (...args) => writeContract(target, m.name, args)
      send[m.name] = (...args) => sendContract(target, m.name, args)
      estimateGas[m.name] = (...args) => estimateContractGas(target, m.name, args)
    }
  }
  for (const reserved of RESERVED_MEMBERS) delete methods[reserved]

  const contract = {
    ...methods,
    address,
    abi,
    artifact,
    runner,
    provider: target.provider,
    read: Object.freeze(read),
    write: Object.freeze(write),
    send: Object.freeze(send),
    estimateGas: Object.freeze(estimateGas),
    queryEvents: (name?: string, query?: Parameters<typeof queryContractEvents>[2]) => queryContractEvents(target, name, query),
    on: (name: string, listener: Parameters<typeof watchContractEvents>[2], onError?: (error: Error) => void) => watchContractEvents(target, name, listener, onError),
    connect: (next: Wallet | Provider) => contractAt<M>(artifact ?? abi, address, next, options),
  }
  return Object.freeze(contract) as unknown as Contract<M>
}
