import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { intrinsicGas } from '../../node/chain/intrinsicGas.ts'
import { signTransaction as signTx } from '../../node/chain/signTransaction.ts'
import { txHash } from '../../node/chain/txHash.ts'
import type { Payload, SignedTransaction } from '../../node/chain/types.ts'
import { DEV_PHRASE, devKeyPair, keyPairFromSeed, type KeyPair } from '../../node/crypto/keys.ts'
import { callRpc } from './callRpc.ts'
import { ClientError } from './ClientError.ts'
import { createNonceManager, type NonceManager } from './createNonceManager.ts'
import type { TxReceipt } from './decodeReceipt.ts'
import { estimateTransactionGas } from './estimateTransactionGas.ts'
import { explainFailure } from './explainFailure.ts'
import type { Provider } from './Provider.ts'
import { ProviderError } from './ProviderError.ts'
import { waitForReceipt, type WaitOptions } from './waitForReceipt.ts'

/** Headroom over the estimated execution gas: state can move between estimate and inclusion. */
export const GAS_ESTIMATE_MARGIN = 1.2

/** Rejections that mean "this nonce is not the one to use": resync and sign again. */
const NONCE_REJECTIONS = new Set(['MEMPOOL_NONCE_TOO_LOW', 'MEMPOOL_NONCE_GAP', 'MEMPOOL_REPLACEMENT_UNDERPRICED'])
const MAX_NONCE_RETRIES = 3
/** JSON-RPC code of a rejected transaction (node/rpc/chainMethods.ts TX_REJECTED). */
const TX_REJECTED = -32050

export interface WalletOptions {
  /** Sign for this chain id instead of asking the node (chain_info). */
  readonly chainId?: string
  /** The phrase of dev account keys, when the key is an index. Default: the devnet's public phrase. */
  readonly phrase?: string
  /** Share one nonce manager between wallets of the same key (otherwise each has its own). */
  readonly nonceManager?: NonceManager
}

export interface SendOptions {
  /** Default: the dry run's execution gas × 1.2, plus intrinsic gas, capped at the block gas limit. */
  readonly gasLimit?: number
  /** Default: the node's minimum (chain_info.minGasPrice). */
  readonly gasPrice?: bigint
  /** Native tokens sent along. Default 0. */
  readonly value?: bigint
  /** Bypass the nonce manager (replacements, tests). Not retried on nonce errors. */
  readonly nonce?: bigint
}

/** A complete transaction to sign; `chainId` defaults to the wallet's. */
export interface TransactionRequest {
  readonly chainId?: string
  readonly nonce: bigint
  readonly gasLimit: number
  readonly gasPrice: bigint
  readonly value?: bigint
  readonly payload: Payload
}

export interface SignedTransactionResult {
  readonly tx: SignedTransaction
  /** `0x` + hex of the wire bytes, for chain_sendRawTransaction. */
  readonly raw: string
  readonly hash: string
}

/** A transaction the node accepted into its pool. */
export interface SentTransaction {
  readonly hash: string
  readonly from: string
  readonly nonce: bigint
  readonly gasLimit: number
  readonly gasPrice: bigint
  readonly value: bigint
  readonly payload: Payload
  /** Resolves once mined, with the receipt whatever its status (see waitForReceipt). */
  wait(options?: WaitOptions): Promise<TxReceipt>
}

/** A signing account bound to a provider. */
export interface Wallet {
  readonly address: string
  readonly publicKey: Uint8Array
  readonly provider: Provider
  readonly nonces: NonceManager
  /** The chain id it signs for (the option, or chain_info's, fetched once). */
  chainId(): Promise<string>
  signTransaction(request: TransactionRequest): Promise<SignedTransactionResult>
  /** The gas limit `send` would use; throws ContractError if the dry run fails. */
  estimateGas(payload: Payload, options?: { readonly value?: bigint }): Promise<number>
  /**
   * Sign and submit. Resolves when the node has accepted the transaction (under automine,
   * already mined). Throws ContractError without sending if the dry run fails (pass `gasLimit`
   * to send anyway), ProviderError if the node refuses it.
   */
  send(payload: Payload, options?: SendOptions): Promise<SentTransaction>
}

export type WalletKey = Uint8Array | string | number

function keyPairOf(key: WalletKey, phrase: string): KeyPair {
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key) || key < 0) throw new ClientError('INVALID_KEY', `dev account index ${key} is not a non-negative integer`)
    return devKeyPair(phrase, key)
  }
  const bytes = typeof key === 'string' ? (/^0x[0-9a-fA-F]{64}$/.test(key) ? new Uint8Array(Buffer.from(key.slice(2), 'hex')) : undefined) : key
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new ClientError('INVALID_KEY', 'expected a 32-byte secret key')
  return keyPairFromSeed(bytes)
}

/**
 * A wallet for a secret key (32 bytes, or 0x + 64 hex as dev_accounts gives them) or a dev
 * account index, sending through `provider`. Nonces come from a nonce manager (one fetch,
 * then counted locally), so concurrent `send`s get distinct, gapless nonces; each transaction
 * is signed and handed to the provider in the same tick its nonce is taken, so they leave in
 * nonce order. A nonce rejection (too low, gap, collision) resyncs and signs again, up to 3 times.
 * @example
 * const wallet = createWallet(0, provider) // dev account 0
 * const sent = await wallet.send({ type: 'transfer', to: bob }, { value: 10n ** 18n })
 * const receipt = await sent.wait()
 */
export function createWallet(key: WalletKey, provider: Provider, options: WalletOptions = {}): Wallet {
  const keys = keyPairOf(key, options.phrase ?? DEV_PHRASE)
  const address = keys.address
  const nonces = options.nonceManager ?? createNonceManager(provider, address)
  // Static chain facts, fetched once (retried after a failure).
  let info: Promise<{ chainId: string; minGasPrice: bigint; blockGasLimit: number }> | undefined
  const chainInfo = () => {
    info ??= callRpc(provider, 'chain_info', []).then(
      (i) => ({ chainId: i.chainId, minGasPrice: BigInt(i.minGasPrice), blockGasLimit: i.blockGasLimit }),
      (error: unknown) => {
        info = undefined
        throw error
      },
    )
    return info
  }
  const chainId = async () => options.chainId ?? (await chainInfo()).chainId

  const sign = (request: TransactionRequest & { chainId: string }): SignedTransactionResult => {
    const tx = signTx({ chainId: request.chainId, nonce: request.nonce, gasLimit: request.gasLimit, gasPrice: request.gasPrice, value: request.value ?? 0n, payload: request.payload }, keys.secretKey)
    const bytes = encodeTransaction(tx)
    return { tx, raw: '0x' + Buffer.from(bytes).toString('hex'), hash: txHash(bytes) }
  }

  const estimateGas = async (payload: Payload, opts: { readonly value?: bigint } = {}): Promise<number> => {
    const [estimate, { blockGasLimit }] = await Promise.all([estimateTransactionGas(provider, address, payload, opts.value ?? 0n), chainInfo()])
    if (estimate.status === 'failure') {
      throw await explainFailure(
        { code: estimate.code, reason: estimate.reason, debug: estimate.debug, gasUsed: estimate.executionGas },
        { contract: payload.type === 'call' ? payload.to : undefined, method: payload.type === 'call' ? payload.method : payload.type },
      )
    }
    return Math.min(intrinsicGas({ payload }) + Math.ceil(estimate.executionGas * GAS_ESTIMATE_MARGIN), blockGasLimit)
  }

  const sent = (hash: string, t: SignedTransaction): SentTransaction => ({
    hash,
    from: address,
    nonce: t.nonce,
    gasLimit: t.gasLimit,
    gasPrice: t.gasPrice,
    value: t.value,
    payload: t.payload,
    wait: (waitOptions) => waitForReceipt(provider, hash, waitOptions),
  })

  return {
    address,
    publicKey: keys.publicKey,
    provider,
    nonces,
    chainId,
    async signTransaction(request) {
      return sign({ ...request, chainId: request.chainId ?? (await chainId()) })
    },
    estimateGas,
    async send(payload, opts = {}) {
      const [id, gasPrice, gasLimit] = await Promise.all([
        chainId(),
        opts.gasPrice ?? chainInfo().then((i) => i.minGasPrice),
        opts.gasLimit ?? estimateGas(payload, opts.value !== undefined ? { value: opts.value } : {}),
      ])
      for (let attempt = 0; ; attempt++) {
        const nonce = opts.nonce ?? (await nonces.next())
        // Signed and handed to the provider in the tick the nonce was taken: sends leave in nonce order.
        const signed = sign({ chainId: id, nonce, gasLimit, gasPrice, value: opts.value ?? 0n, payload })
        try {
          const hash = await callRpc(provider, 'chain_sendRawTransaction', [signed.raw])
          return sent(hash, signed.tx)
        } catch (error) {
          if (opts.nonce !== undefined) throw error
          const rejection = error instanceof ProviderError && error.code === TX_REJECTED ? error.dataCode : undefined
          // The very same bytes are already pooled (a retry after a lost answer): that is success.
          if (rejection === 'MEMPOOL_ALREADY_KNOWN') return sent(signed.hash, signed.tx)
          if (rejection !== undefined && NONCE_REJECTIONS.has(rejection)) {
            nonces.reset()
            if (attempt < MAX_NONCE_RETRIES) continue
            throw error
          }
          // Refused for another reason: the nonce is unused. No answer: it may have arrived.
          if (error instanceof ProviderError && typeof error.code === 'number') nonces.release(nonce)
          else nonces.reset()
          throw error
        }
      }
    },
  }
}
