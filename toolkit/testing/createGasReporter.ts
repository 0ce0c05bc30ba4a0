import { appendFileSync } from 'node:fs'
import type { Contract } from '../client/Contract.ts'
import type { Wallet } from '../client/createWallet.ts'
import type { Payload } from '../../node/chain/types.ts'

/** Gas of one mined, successful transaction, by contract and method (`deploy` for a deploy). */
export interface GasRecord {
  readonly contract: string
  readonly method: string
  readonly gasUsed: number
}

/** Names the contract a transaction went to (or deployed), for the report. */
export type ContractNamer = (payload: Payload) => string | Promise<string>

/**
 * Records gas per contract method. Hook a wallet (every transaction it sends is recorded once
 * mined) or wrap a contract (its writes, through a hooked copy of its wallet).
 */
export interface GasReporter {
  record(entry: GasRecord): void
  /** Every record so far, in the order mined. */
  records(): readonly GasRecord[]
  /**
   * A wallet that records the gas of each successful transaction it sends (when `wait()`
   * resolves). It shares the original's key and nonce manager.
   */
  wrapWallet(wallet: Wallet, nameOf: ContractNamer): Wallet
  /** The same contract, its writes recorded under its artifact's contract name. */
  wrap<C extends Contract<any>>(contract: C): C
  clear(): void
}

export interface GasReporterOptions {
  /** Also append each record as a JSON line to this file (how test workers hand records to the CLI). */
  readonly file?: string
}

const isWallet = (runner: unknown): runner is Wallet => typeof (runner as Wallet | undefined)?.send === 'function' && typeof (runner as Wallet).address === 'string'

/**
 * A gas reporter. Test chains made with `createTestChain({ gasReporter })` hook their wallets
 * into it; with the environment variable `TSVM_GAS_REPORT=<file>` (set by `toolkit test --gas`)
 * every test chain records into a file the CLI reads back with `readGasReport`.
 * @example
 * const gas = createGasReporter()
 * const chain = await createTestChain({ gasReporter: gas })
 * // ... run transactions ...
 * console.log(formatGasReport(gas))
 */
export function createGasReporter(options: GasReporterOptions = {}): GasReporter {
  const entries: GasRecord[] = []
  const reporter: GasReporter = {
    record(entry) {
      entries.push(entry)
      if (options.file) appendFileSync(options.file, JSON.stringify(entry) + '\n')
    },
    records: () => entries.slice(),
    wrapWallet(wallet, nameOf) {
      return {
        ...wallet,
        async send(payload, sendOptions) {
          const sent = await wallet.send(payload, sendOptions)
          return {
            ...sent,
            async wait(waitOptions) {
              const receipt = await sent.wait(waitOptions)
              if (receipt.status === 'success') {
                const method = payload.type === 'call' ? payload.method : payload.type
                reporter.record({ contract: await nameOf(payload), method, gasUsed: receipt.gasUsed })
              }
              return receipt
            },
          }
        },
      }
    },
    wrap(contract) {
      if (!isWallet(contract.runner)) return contract
      const name = contract.artifact?.contractName ?? contract.address
      const connected = contract.connect(reporter.wrapWallet(contract.runner, () => name))
      const deployment = (contract as { deployment?: unknown }).deployment
      return Object.freeze(deployment === undefined ? connected : { ...connected, deployment }) as typeof contract
    },
    clear() {
      entries.length = 0
    },
  }
  return reporter
}
