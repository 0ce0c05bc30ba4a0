/**
 * The client library: providers (HTTP, WebSocket, in-process), wallets with nonce management,
 * contracts typed from their TypeScript module, decoded events, errors that point at the
 * contract's TypeScript line, and state-proof verification. Entry point: import from here.
 * @example
 * import { createHttpProvider, createWallet, deployContract } from '../toolkit/client/index.ts'
 * import type * as ERC20 from './contracts/ERC20.ts'
 * const wallet = createWallet(0, createHttpProvider('http://127.0.0.1:8545'))
 * const token = await deployContract<typeof ERC20>(wallet, artifact, ['Token', 'TKN', 18, 1000n])
 * await token.transfer(bob, 5n)
 * await token.balanceOf(bob) // 5n
 */
export type { Provider, Unsubscribe } from './Provider.ts'
export { createHttpProvider, type HttpProviderOptions } from './createHttpProvider.ts'
export { createWsProvider, type WsProviderOptions } from './createWsProvider.ts'
export { createInProcessProvider } from './createInProcessProvider.ts'
export { callRpc } from './callRpc.ts'
export type * from './rpcSchema.ts'

export { createWallet, GAS_ESTIMATE_MARGIN, type Wallet, type WalletKey, type WalletOptions, type SendOptions, type SentTransaction, type TransactionRequest, type SignedTransactionResult } from './createWallet.ts'
export { createNonceManager, type NonceManager } from './createNonceManager.ts'
export { waitForReceipt, type WaitOptions } from './waitForReceipt.ts'
export { decodeReceipt, type TxReceipt } from './decodeReceipt.ts'

export { contractAt, type ContractAtOptions } from './contractAt.ts'
export { deployContract, type DeployOptions } from './deployContract.ts'
export { encodeArguments } from './encodeArguments.ts'
export { decodeEvent, decodeEvents, decodeLogs } from './decodeEvents.ts'
export type {
  CallName,
  CallResult,
  Contract,
  ContractBase,
  ContractEvent,
  ContractLog,
  DecodedEvent,
  DeployedContract,
  EventArgs,
  EventName,
  EventQuery,
  InitArgs,
  LogPosition,
  ReadMethods,
  SendMethods,
  SentCall,
  ViewName,
  WriteMethods,
  WriteOptions,
} from './Contract.ts'

export { verifyStateProof, type VerifiedState, type InvalidState } from './verifyStateProof.ts'

export { CLIENT_ERRORS, ClientError, type ClientErrorCode } from './ClientError.ts'
export { ProviderError, type TransportErrorCode } from './ProviderError.ts'
export { ContractError, type SourceLocation } from './ContractError.ts'
export { mapFailureSource } from './mapFailureSource.ts'
