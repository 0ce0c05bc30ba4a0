import { createVm, disposeVm, maintainVm, type VmOptions } from '../vm/index.ts'
import { META } from './blocks/commitBlock.ts'
import { loadFlatState } from './blocks/FlatState.ts'
import { applyExecuted, executeCandidates, sealRequestOf } from './blocks/produceBlock.ts'
import type { NodeConfig } from './config/nodeConfig.ts'
import { address, devKeyPair } from './crypto/keys.ts'
import { Mempool } from './mempool/Mempool.ts'
import { Node, type DevAccount, type PooledTx } from './Node.ts'
import { startDevEngine, stopDevEngine } from './consensus/devEngine.ts'
import { SignatureVerifier } from './execution/SignatureVerifier.ts'
import { settleInFlight } from './mineBlock.ts'
import { getValue } from './storage/ChainStore.ts'
import { StoreThreadError, openStoreThread } from './storeThread/StoreClient.ts'

/** Node start-up failures, each with what to do. */
export class NodeError extends Error {
  constructor(
    readonly code: 'NODE_CHAIN_MISMATCH' | 'NODE_DATA_CORRUPT' | 'NODE_DATA_LOCKED',
    message: string,
  ) {
    super(message)
    this.name = 'NodeError'
  }
}

const ZERO_ADDRESS = '0x' + '0'.repeat(40)

/**
 * Start a node: start its store thread (LevelDB in `config.dataDir`, or memory), create genesis
 * on first start or check the stored chain matches the configuration, load the live state, and
 * start the dev engine (automine or interval). RPC is started separately (`startRpc`).
 * @example const node = await createNode(loadNodeConfig({ argv: ['--data-dir', '.chain'] }))
 */
export async function createNode(config: NodeConfig, options: { vm?: VmOptions } = {}): Promise<Node> {
  // The store thread starts (its own module loading, the store opening) while the engine's
  // instances are made here.
  const [opened, made] = await Promise.allSettled([openStoreThread(config.dataDir), createVm(options.vm)])
  if (opened.status === 'rejected' || made.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close()
    if (made.status === 'fulfilled') disposeVm(made.value)
    const e = opened.status === 'rejected' ? opened.reason : (made as PromiseRejectedResult).reason
    if (e instanceof StoreThreadError && (e.code === 'NODE_DATA_LOCKED' || e.code === 'NODE_DATA_CORRUPT')) throw new NodeError(e.code, storeHint(e, config))
    throw e
  }
  const store = opened.value
  const vm = made.value
  try {
    const flat = await loadFlatState(store)
    const devAccounts: DevAccount[] = []
    for (let i = 0; i < config.genesis.devAccounts; i++) {
      const keys = devKeyPair(config.genesis.mnemonic, i)
      devAccounts.push({ address: address(keys.publicKey), keys })
    }
    const mempool = new Mempool<PooledTx>({
      maxTransactions: config.mempool.maxTransactions,
      maxPerSender: config.mempool.maxPerSender,
      maxNonceGap: config.mempool.maxNonceGap,
      minGasPrice: config.gas.minGasPrice,
      replaceBumpPercent: 10,
    })
    const chainMeta = JSON.stringify({ chainId: config.chainId, vm: vm.version })
    let head = store.openedAt
    let genesisHash: string
    if (head === undefined) {
      const choices = { chainId: config.chainId, timestamp: config.genesis.timestamp, proposer: ZERO_ADDRESS, gasLimit: config.gas.blockGasLimit, consensus: new TextEncoder().encode('dev-genesis') }
      const executed = executeCandidates(vm, flat, {
        ...choices,
        height: 0,
        transactions: [],
        preState: (state) => {
          for (const a of devAccounts) state.setAccount(a.address, { nonce: 0n, balance: config.genesis.devBalance })
          for (const a of config.genesis.accounts) state.setAccount(a.address, { nonce: 0n, balance: a.balance })
        },
      })
      const genesis = await store.seal(sealRequestOf(choices, executed))
      if (!genesis.ok) throw new Error(`genesis could not be sealed: ${genesis.code}`)
      applyExecuted(flat, executed.state)
      head = { hash: genesis.hash, header: genesis.header }
      genesisHash = genesis.hash
      await store.batch([
        { type: 'put', key: META.genesis, value: Buffer.from(genesisHash.slice(2), 'hex') },
        { type: 'put', key: META.chain, value: new TextEncoder().encode(chainMeta) },
      ])
    } else {
      const stored = await getValue(store, META.chain)
      const g = await getValue(store, META.genesis)
      if (!stored || !g) throw new NodeError('NODE_DATA_CORRUPT', `the data directory ${config.dataDir} has a head but no chain record; restore it from a backup or start with an empty directory`)
      const was = JSON.parse(new TextDecoder().decode(stored)) as { chainId: string; vm: string }
      if (was.chainId !== config.chainId || was.vm !== vm.version) {
        throw new NodeError('NODE_CHAIN_MISMATCH', `the data directory holds chain "${was.chainId}" (VM ${was.vm}) but the configuration says "${config.chainId}" (VM ${vm.version}); use another --data-dir or the matching configuration`)
      }
      genesisHash = '0x' + Buffer.from(g).toString('hex')
    }
    const coinbase = devAccounts[0]?.address ?? ZERO_ADDRESS
    const node = new Node(config, store, vm, flat, mempool, genesisHash, head, devAccounts, coinbase, new SignatureVerifier())
    startDevEngine(node)
    return node
  } catch (e) {
    disposeVm(vm)
    await store.close()
    throw e
  }
}

function storeHint(e: StoreThreadError, config: NodeConfig): string {
  if (e.code === 'NODE_DATA_LOCKED') return `the data directory ${config.dataDir} is in use by another node; stop it or use another --data-dir`
  return `${e.message}`
}

/** Stop the engine, wait for any block in progress (and in flight to the store), release the VM and close the store. */
export async function closeNode(node: Node): Promise<void> {
  if (node.closed) return
  node.closed = true
  stopDevEngine(node)
  await node.queue
  await settleInFlight(node)
  await node.verifier.close()
  disposeVm(node.vm)
  await node.store.close()
}

/** Between blocks: let the VM replace instances that grew or broke. */
export async function maintainNode(node: Node): Promise<void> {
  await maintainVm(node.vm)
}
