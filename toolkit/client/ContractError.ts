import type { TxReceipt } from './decodeReceipt.ts'
import type { RpcDebug } from './rpcSchema.ts'

/** A place in a contract's TypeScript source. `file` is relative to the project root. */
export interface SourceLocation {
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** 0-based. */
  readonly column: number
}

export interface ContractErrorInit {
  readonly code: string
  readonly reason?: string | undefined
  readonly contract?: string | undefined
  readonly method?: string | undefined
  readonly txHash?: string | undefined
  readonly receipt?: TxReceipt | undefined
  readonly gasUsed?: number | undefined
  readonly debug?: RpcDebug | undefined
  readonly source?: SourceLocation | undefined
  readonly frames?: readonly SourceLocation[] | undefined
}

/**
 * A contract call or deploy that ran and failed: a revert, an uncaught exception, out of gas.
 * `code` is the VM's (REVERT, EXCEPTION, OUT_OF_GAS, NOT_PAYABLE, ...), `source` the line of
 * the contract's own TypeScript that failed (the first frame outside the SDK), when the
 * artifact's source map covers it. The message reads
 * `REVERT: insufficient balance (contracts/standard/ERC20.ts:74)`.
 * `txHash` and `receipt` are set when a transaction was mined; a failure found while
 * estimating gas is thrown before anything is sent, and has neither.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError'
  readonly code: string
  readonly reason: string | undefined
  /** The contract called (or, for a deploy, the address it would have had). */
  readonly contract: string | undefined
  /** The method called, or 'deploy'. */
  readonly method: string | undefined
  readonly txHash: string | undefined
  readonly receipt: TxReceipt | undefined
  readonly gasUsed: number | undefined
  /** Where the failure happened in the contract's TypeScript (first non-SDK frame). */
  readonly source: SourceLocation | undefined
  /** Every contract frame that maps to TypeScript, innermost first (SDK frames included). */
  readonly frames: readonly SourceLocation[]
  /** The node's raw debug data (bundle positions), as returned by the dry run. */
  readonly debug: RpcDebug | undefined

  constructor(init: ContractErrorInit) {
    const where = init.source ? ` (${init.source.file}:${init.source.line})` : ''
    super(`${init.code}: ${init.reason ?? 'no reason given'}${where}`)
    this.code = init.code
    this.reason = init.reason
    this.contract = init.contract
    this.method = init.method
    this.txHash = init.txHash
    this.receipt = init.receipt
    this.gasUsed = init.gasUsed
    this.source = init.source
    this.frames = init.frames ?? []
    this.debug = init.debug
  }
}
