/**
 * What the VM needs from the chain, declared here and implemented by node/ (the consumer owns
 * the interface). Reads only: the VM never writes to the chain; it returns changes.
 */
export interface ChainState {
  getStorage(contract: string, key: string): string | undefined
  getBalance(address: string): bigint
  /** Code hash of the contract at `address`, or undefined for an account without code. */
  getCodeHash(address: string): string | undefined
  /** The deployed (uninstrumented) code with this hash. */
  getCode(codeHash: string): string | undefined
}

/** The block a call executes in. `time` is milliseconds since the epoch, UTC. */
export interface BlockInfo {
  readonly height: number
  readonly time: number
}

export interface CallRequest {
  readonly from: string
  readonly to: string
  readonly method: string
  /** Canonical JSON array of arguments (bigint as decimal strings). */
  readonly args: string
  readonly value: bigint
  readonly gasLimit: number
  readonly txHash: string
  /** A view call: writes, events and transfers are refused. */
  readonly readonly?: boolean
}

export interface DeployRequest {
  readonly from: string
  /** Address of the new contract, chosen by the node. */
  readonly address: string
  readonly code: string
  readonly args: string
  readonly value: bigint
  readonly gasLimit: number
  readonly txHash: string
}

export interface VmEvent {
  readonly contract: string
  readonly name: string
  /** Canonical JSON. */
  readonly data: string
}

export interface StorageChange {
  readonly contract: string
  readonly key: string
  /** null: deleted. */
  readonly value: string | null
}

export interface BalanceChange {
  readonly address: string
  readonly balance: bigint
}

/** The result of a call or deploy: data, never an exception. */
export interface CallOutcome {
  readonly status: 'success' | 'failure'
  readonly code?: import('./errors.ts').VmErrorCode
  readonly reason?: string
  readonly gasUsed: number
  /** Canonical JSON of the return value (success only). */
  readonly returnValue?: string
  readonly events: readonly VmEvent[]
  readonly storageChanges: readonly StorageChange[]
  readonly balanceChanges: readonly BalanceChange[]
  /** Not consensus: where a failure happened, for developers. */
  readonly debug?: {
    readonly contract?: string
    readonly stack?: string
    /** Innermost contract line of the failure, in the deployed bundle. */
    readonly line?: number
    /** Contract frames of the failure, innermost first, as bundle positions (map them with the artifact's source map). */
    readonly frames?: ReadonlyArray<{ readonly line: number; readonly column: number }>
  }
}

export interface DeployOutcome extends CallOutcome {
  readonly codeHash: string
}
