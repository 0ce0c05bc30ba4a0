import type { Abi } from '../../contracts/sdk/abi.ts'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import type { Payload } from '../../node/chain/types.ts'
import { callRpc } from '../client/callRpc.ts'
import type { Contract, DeployedContract } from '../client/Contract.ts'
import { contractAt } from '../client/contractAt.ts'
import { createHttpProvider } from '../client/createHttpProvider.ts'
import { createInProcessProvider } from '../client/createInProcessProvider.ts'
import { createWallet, type Wallet, type WalletKey } from '../client/createWallet.ts'
import { createWsProvider } from '../client/createWsProvider.ts'
import { deployContract } from '../client/deployContract.ts'
import type { Provider } from '../client/Provider.ts'
import { ProviderError } from '../client/ProviderError.ts'
import type { Artifact } from '../compiler/compileContract.ts'
import { abiFromCode } from './abiFromCode.ts'
import { registerChain, unregisterChain } from './activeChain.ts'
import { createGasReporter } from './createGasReporter.ts'
import type { ContractDeployOptions, ContractSource, DeployNetwork, DeployRest } from './DeployContext.ts'
import * as dev from './devActions.ts'
import { nativeBalance } from './nativeBalance.ts'
import { loadArtifact } from './loadArtifact.ts'
import type { TestChain, TestChainOptions } from './TestChain.ts'
import { TestingError } from './TestingError.ts'

/** Environment variable: run tests against the node at this URL instead of an in-process one (`toolkit test --network`). */
export const NETWORK_URL_ENV = 'TSVM_NETWORK_URL'
/** Environment variable: append every transaction's gas to this file (`toolkit test --gas`). */
export const GAS_REPORT_ENV = 'TSVM_GAS_REPORT'

/** JSON-RPC code of dev_revert's "no such snapshot" (node/rpc/chainMethods.ts SNAPSHOT_NOT_FOUND). */
const SNAPSHOT_NOT_FOUND = -32052

function providerFor(url: string): Provider {
  if (/^wss?:\/\//.test(url)) return createWsProvider(url)
  if (/^https?:\/\//.test(url)) return createHttpProvider(url)
  throw new TestingError('INVALID_ARGUMENT', `a network URL starts with http://, https://, ws:// or wss://, got ${url}`, { url })
}

/**
 * Start a chain for tests: an in-process devnet (in-memory store, automine, funded dev
 * accounts) reached through the in-process provider, or a running node when `url` (or
 * `TSVM_NETWORK_URL`) is given. Close it when done (`afterAll(() => chain.close())`).
 * The free helpers (`loadFixture`, `increaseTime`, ...) act on the newest open chain.
 * @example
 * const chain = await createTestChain()
 * afterAll(() => chain.close())
 * const [alice, bob] = chain.wallets
 * const token = await chain.deploy<typeof Token>('contracts/Token.ts', ['Token', 'TKN', 18, 10n ** 24n])
 * await token.transfer(bob.address, 5n)
 */
export async function createTestChain(options: TestChainOptions = {}): Promise<TestChain> {
  const root = options.root ?? process.cwd()
  const url = options.url ?? (process.env[NETWORK_URL_ENV] || undefined)
  const node = url ? undefined : await createNode(loadNodeConfig({ overrides: options.node ?? {} }))
  const provider = node ? createInProcessProvider(node) : providerFor(url!)
  let closed = false
  try {
    const info = await callRpc(provider, 'chain_info', [])
    const keys: readonly WalletKey[] = options.accounts ?? (await callRpc(provider, 'dev_accounts', [])).map((a) => a.secretKey)
    const gasFile = process.env[GAS_REPORT_ENV]
    const gasReporter = options.gasReporter ?? (gasFile ? createGasReporter({ file: gasFile }) : undefined)

    // Contract names for the gas report: by address (deployed or opened here), else by code.
    const namesByAddress = new Map<string, string>()
    const namesByCodeHash = new Map<string, string>()
    const namesByCode = new Map<string, string>()
    const learn = (artifact: Artifact, address?: string) => {
      namesByCodeHash.set(artifact.codeHash, artifact.contractName)
      namesByCode.set(artifact.code, artifact.contractName)
      if (address) namesByAddress.set(address, artifact.contractName)
    }
    const nameOf = async (payload: Payload): Promise<string> => {
      if (payload.type === 'deploy') return namesByCode.get(payload.code) ?? 'unknown contract'
      if (payload.type !== 'call') return '(native)'
      const known = namesByAddress.get(payload.to)
      if (known) return known
      const code = await callRpc(provider, 'chain_getCode', [payload.to]).catch(() => null)
      const name = (code && namesByCodeHash.get(code.codeHash)) ?? payload.to
      namesByAddress.set(payload.to, name)
      return name
    }

    const plain = keys.map((k) => createWallet(k, provider, { chainId: info.chainId }))
    const wallets = gasReporter ? plain.map((w) => gasReporter.wrapWallet(w, nameOf)) : plain
    const accounts = wallets.map((w) => w.address)

    const guard = (): void => {
      if (closed) throw new TestingError('CHAIN_CLOSED', 'the test chain is closed')
    }
    const walletOf = (from: Wallet | number | undefined): Wallet => {
      if (from === undefined) return wallets[0] ?? noWallet()
      if (typeof from !== 'number') return from
      const w = wallets[from]
      if (!w) throw new TestingError('INVALID_ARGUMENT', `no account ${from}: the chain has ${wallets.length}`, { from })
      return w
    }
    const noWallet = (): never => {
      throw new TestingError('INVALID_ARGUMENT', 'the chain has no accounts to sign with; give `accounts` or start the node with dev accounts')
    }

    const artifact = async (contractPath: string) => {
      guard()
      return loadArtifact(contractPath, root, options.artifacts).then((a) => {
        learn(a)
        return a
      })
    }

    const deploy = async <M,>(contractPath: string, ...rest: DeployRest<M>): Promise<DeployedContract<M>> => {
      guard()
      const [args, opts] = rest as [unknown[] | undefined, ContractDeployOptions | undefined]
      const { from, name: _name, ...deployOptions } = opts ?? {}
      const a = await artifact(contractPath)
      const contract = await deployContract<M>(walletOf(from), a, (args ?? []) as never, deployOptions)
      learn(a, contract.address)
      return contract
    }

    const at = async <M,>(address: string, source?: ContractSource, runner?: Wallet): Promise<Contract<M>> => {
      guard()
      let resolved: Artifact | Abi
      if (typeof source === 'string') resolved = await artifact(source)
      else if (source !== undefined) resolved = source
      else {
        const code = await callRpc(provider, 'chain_getCode', [address])
        if (!code?.code) throw new TestingError('NOT_A_CONTRACT', `no contract at ${address}`, { address })
        const abi = abiFromCode(code.code)
        if (!abi) throw new TestingError('NO_ABI', `the code at ${address} carries no ABI`, { address })
        resolved = abi
      }
      if ('format' in resolved) learn(resolved, address)
      return contractAt<M>(resolved, address, runner ?? walletOf(undefined))
    }

    // The node's dev_revert rolls back blocks but not its clock (the offset increaseTime adds,
    // a pending setNextBlockTimestamp). Without restoring them, time travel in one test would
    // leak into the next through loadFixture. In process we hold the node and restore them
    // ourselves, as Hardhat's evm_revert does; over a URL the node's own behaviour applies.
    const clocks = new Map<string, { timeOffsetMs: number; nextTimestamp: number | undefined }>()
    const revert = async (id: string): Promise<void> => {
      guard()
      await dev.revertTo(provider, id)
      const clock = clocks.get(id)
      if (node && clock) {
        node.timeOffsetMs = clock.timeOffsetMs
        node.nextTimestamp = clock.nextTimestamp
      }
      clocks.delete(id)
      // The reverted blocks took nonces with them: every wallet fetches its nonce again.
      for (const w of wallets) w.nonces.reset()
    }
    const snapshot = async () => {
      guard()
      const id = await dev.takeSnapshot(provider)
      if (node) clocks.set(id, { timeOffsetMs: node.timeOffsetMs, nextTimestamp: node.nextTimestamp })
      return id
    }

    interface Loaded {
      readonly fixture: (chain: TestChain) => Promise<unknown>
      snapshot: string
      readonly result: unknown
    }
    const fixtures: Loaded[] = []
    const loadFixture = async <T,>(fixture: (chain: TestChain) => Promise<T>): Promise<T> => {
      guard()
      if (typeof fixture !== 'function' || fixture.name === '') {
        throw new TestingError('FIXTURE_ANONYMOUS', 'loadFixture was given an anonymous function')
      }
      const i = fixtures.findIndex((f) => f.fixture === fixture)
      if (i < 0) {
        const result = await fixture(chain)
        fixtures.push({ fixture, snapshot: await snapshot(), result })
        return result
      }
      const loaded = fixtures[i]!
      try {
        await revert(loaded.snapshot)
      } catch (error) {
        if (error instanceof ProviderError && error.code === SNAPSHOT_NOT_FOUND) {
          fixtures.splice(i)
          throw new TestingError('FIXTURE_SNAPSHOT_LOST', `the snapshot of fixture ${fixture.name} no longer exists`, { fixture: fixture.name }, { cause: error })
        }
        throw error
      }
      // Reverting used up the snapshots of fixtures loaded after this one: they run afresh next time.
      fixtures.splice(i + 1)
      loaded.snapshot = await snapshot()
      return loaded.result as T
    }

    const deployContext: TestChain['deployContext'] = async (overrides = {}) => {
      guard()
      const deployments: Record<string, string> = {}
      const network: DeployNetwork = { name: 'test', chainId: info.chainId, ...(url ? { url } : {}), ...overrides.network }
      return {
        deployments,
        accounts: wallets,
        network,
        log: (...parts: unknown[]) => overrides.log?.(parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' ')),
        async deploy<M>(contractPath: string, ...rest: DeployRest<M>) {
          const contract = await deploy<M>(contractPath, ...rest)
          const opts = rest[1] as ContractDeployOptions | undefined
          deployments[opts?.name ?? contract.artifact?.contractName ?? contractPath] = contract.address
          return contract
        },
        at: <M,>(address: string, source?: ContractSource) => at<M>(address, source),
      }
    }

    const chain: TestChain = {
      provider,
      node,
      root,
      wallets,
      accounts,
      native: nativeBalance(provider),
      gasReporter,
      artifact,
      deploy,
      at,
      loadFixture,
      snapshot,
      revert,
      async increaseTime(ms) {
        guard()
        return dev.increaseTime(provider, ms)
      },
      async setNextBlockTimestamp(timestamp) {
        guard()
        return dev.setNextBlockTimestamp(provider, timestamp)
      },
      async mine(blocks) {
        guard()
        return dev.mine(provider, blocks)
      },
      async latestBlockTime() {
        guard()
        return dev.latestBlockTime(provider)
      },
      async blockNumber() {
        guard()
        return callRpc(provider, 'chain_blockNumber', [])
      },
      async setBalance(account, amount) {
        guard()
        await callRpc(provider, 'dev_setBalance', [typeof account === 'string' ? account : account.address, amount.toString()])
      },
      deployContext,
      async runDeployScript(script, overrides = {}) {
        const logs: string[] = []
        const context = await deployContext({ ...overrides, log: (line) => logs.push(line) })
        await script(context)
        return { deployments: { ...context.deployments }, logs }
      },
      async close() {
        if (closed) return
        closed = true
        unregisterChain(chain)
        await provider.close()
        if (node) await closeNode(node)
      },
    }
    registerChain(chain)
    return chain
  } catch (error) {
    await provider.close()
    if (node) await closeNode(node)
    throw error
  }
}
