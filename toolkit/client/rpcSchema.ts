/**
 * The JSON shapes of the node's chain methods (node/rpc/chainMethods.ts), as a client receives
 * them: amounts and nonces are decimal strings, contract values canonical JSON text. Declared
 * here by hand because the node's method table is typed as a generic record; keep in step.
 */
import type { Payload } from '../../node/chain/types.ts'

/** An event as stored in a receipt: `data` is canonical JSON of the event fields. */
export interface RpcEvent {
  readonly contract: string
  readonly name: string
  readonly data: string
}

/** An event with its position in the chain (chain_getLogs, and the `logs` subscription, which adds `blockHash`). */
export interface RpcLog extends RpcEvent {
  readonly blockHeight: number
  readonly blockHash?: string
  readonly txHash: string
  readonly txIndex: number
  readonly logIndex: number
}

/** Where a failure happened, in the deployed bundle (not consensus data; only dry runs carry it). */
export interface RpcDebug {
  readonly contract?: string
  readonly stack?: string
  readonly line?: number
  /** Contract frames, innermost first; `column` is 1-based. */
  readonly frames?: ReadonlyArray<{ readonly line: number; readonly column: number }>
}

export interface RpcChainInfo {
  readonly chainId: string
  readonly network: string
  readonly height: number
  readonly headHash: string
  readonly genesisHash: string
  readonly vm: string
  readonly consensus: { readonly engine: string; readonly blockTimeMs: number }
  readonly minGasPrice: string
  readonly blockGasLimit: number
}

export interface RpcReceipt {
  readonly txHash: string
  readonly status: 'success' | 'failure'
  readonly gasUsed: number
  readonly fee: string
  readonly code?: string
  readonly reason?: string
  readonly returnValue?: string
  readonly events: readonly RpcEvent[]
  readonly contractAddress?: string
  readonly blockHash: string
  readonly blockHeight: number
  readonly index: number
}

export interface RpcCallOutcome {
  readonly status: 'success' | 'failure'
  readonly returnValue?: string
  readonly gasUsed: number
  readonly code?: string
  readonly reason?: string
  readonly events: readonly RpcEvent[]
  readonly debug?: RpcDebug
}

export interface RpcGasEstimate {
  readonly gas: number
  readonly executionGas: number
  readonly intrinsicGas: number
  readonly status: 'success' | 'failure'
  readonly code?: string
  readonly reason?: string
  readonly debug?: RpcDebug
}

export interface RpcProof {
  readonly stateRoot: string
  readonly height: number
  readonly account: { readonly nonce: string; readonly balance: string; readonly codeHash?: string } | null
  /** Hex of `encodeProof`. */
  readonly accountProof: string
  readonly storage: ReadonlyArray<{ readonly key: string; readonly value: string | null; readonly proof: string }>
}

export interface RpcTransaction {
  readonly hash: string
  readonly chainId: string
  readonly nonce: string
  readonly from: string
  readonly publicKey: string
  readonly gasLimit: number
  readonly gasPrice: string
  readonly value: string
  readonly payload: Payload
  readonly signature: string
  readonly blockHash?: string
  readonly blockHeight?: number
  readonly index?: number
}

export interface RpcBlock {
  readonly hash: string
  readonly height: number
  readonly parentHash: string
  readonly timestamp: number
  readonly stateRoot: string
  readonly txRoot: string
  readonly receiptsRoot: string
  readonly gasUsed: number
  readonly gasLimit: number
  readonly proposer: string
  readonly consensus: string
  readonly transactions: readonly string[] | readonly RpcTransaction[]
}

type BlockTag = 'latest' | number
type CallQuery = { from?: string; to: string; method: string; args?: unknown[]; value?: string; gasLimit?: number }
type EstimateQuery = { from: string; to?: string; method?: string; code?: string; args?: unknown[]; value?: string }
type LogQuery = { contract: string; event?: string; fromBlock?: number; toBlock?: number; limit?: number }

/** Method name → params and result, for {@link callRpc}. */
export interface ChainRpcSchema {
  chain_info: { params: []; result: RpcChainInfo }
  chain_blockNumber: { params: []; result: number }
  chain_getBalance: { params: [address: string]; result: string }
  chain_getNonce: { params: [address: string, tag?: 'latest' | 'pending']; result: string }
  chain_getCode: { params: [address: string]; result: { codeHash: string; code: string | null } | null }
  chain_sendRawTransaction: { params: [raw: string]; result: string }
  chain_call: { params: [query: CallQuery]; result: RpcCallOutcome }
  chain_estimateGas: { params: [query: EstimateQuery]; result: RpcGasEstimate }
  chain_getBlockByNumber: { params: [tag: BlockTag, full?: boolean]; result: RpcBlock | null }
  chain_getBlockByHash: { params: [hash: string, full?: boolean]; result: RpcBlock | null }
  chain_getTransaction: { params: [hash: string]; result: RpcTransaction | null }
  chain_getTransactionReceipt: { params: [hash: string]; result: RpcReceipt | null }
  chain_getLogs: { params: [filter: LogQuery]; result: RpcLog[] }
  chain_getProof: { params: [address: string, keys?: string[]]; result: RpcProof }
  chain_predictContractAddress: { params: [sender: string, nonce: string]; result: string }
  dev_accounts: { params: []; result: Array<{ address: string; secretKey: string }> }
  dev_mine: { params: [count?: number, timestamp?: number]; result: string[] }
  dev_snapshot: { params: []; result: string }
  dev_revert: { params: [id: string]; result: boolean }
  dev_setBalance: { params: [address: string, amount: string]; result: string }
  dev_increaseTime: { params: [ms: number]; result: number }
  dev_setNextBlockTimestamp: { params: [timestamp: number]; result: boolean }
  dev_setCode: { params: [address: string, code: string]; result: { codeHash: string; block: string } }
}
