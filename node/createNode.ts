import { createVm, disposeVm, maintainVm, type VmOptions } from '../vm/index.ts'
import { META } from './blocks/commitBlock.ts'
import { loadFlatState } from './blocks/FlatState.ts'
import { produceBlock } from './blocks/produceBlock.ts'
import { decodeBlock } from './chain/encodeBlock.ts'
import type { NodeConfig } from './config/nodeConfig.ts'
import { address, devKeyPair } from './crypto/keys.ts'
import { Mempool } from './mempool/Mempool.ts'
import { Node, type DevAccount, type PooledTx } from './Node.ts'
import { startDevEngine, stopDevEngine } from './consensus/devEngine.ts'
import { SignatureVerifier } from './execution/SignatureVerifier.ts'
import { CachedNodeStore } from './storage/CachedNodeStore.ts'
import { NS, closeChainStore, getValue, key, openChainStore } from './storage/ChainStore.ts'

/** Node start-up failures, each with what to do. */
export class NodeError extends Error {
  constructor(
    readonly code: 'NODE_CHAIN_MISMATCH' | 'NODE_DATA_CORRUPT',
    message: string,
  ) {
    super(message)
    this.name = 'NodeError'
  }
}

const ZERO_ADDRESS = '0x' + '0'.repeat(40)

/**
 * Start a node: open its store (LevelDB in `config.dataDir`, or memory), create genesis on
 * first start or check the stored chain matches the configuration, load the live state, and
 * start the dev engine (automine or interval). RPC is started separately (`startRpc`).
 * @example const node = await createNode(loadNodeConfig({ argv: ['--data-dir', '.chain'] }))
 */
export async function createNode(config: NodeConfig, options: { vm?: VmOptions } = {}): Promise<Node> {
  const store = await openChainStore(config.dataDir)
  try {
    const vm = await createVm(options.vm)
    const nodes = new CachedNodeStore(store)
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
    let headHash = await getValue(store, META.head)
    let genesisHash: string
    if (headHash === undefined) {
      nodes.startsEmpty()
      const genesis = await produceBlock(vm, store, nodes, flat, {
        chainId: config.chainId,
        parent: undefined,
        timestamp: config.genesis.timestamp,
        proposer: ZERO_ADDRESS,
        gasLimit: config.gas.blockGasLimit,
        consensus: new TextEncoder().encode('dev-genesis'),
        transactions: [],
        preState: (state) => {
          for (const a of devAccounts) state.setAccount(a.address, { nonce: 0n, balance: config.genesis.devBalance })
          for (const a of config.genesis.accounts) state.setAccount(a.address, { nonce: 0n, balance: a.balance })
        },
      })
      genesisHash = genesis.hash
      const { writeBatch } = await import('./storage/ChainStore.ts')
      await writeBatch(store, [
        { type: 'put', key: META.genesis, value: Buffer.from(genesisHash.slice(2), 'hex') },
        { type: 'put', key: META.chain, value: new TextEncoder().encode(chainMeta) },
      ])
      headHash = Buffer.from(genesisHash.slice(2), 'hex')
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
    const headBytes = await getValue(store, key(NS.block, headHash))
    if (!headBytes) throw new NodeError('NODE_DATA_CORRUPT', 'the head block is missing from the data directory; restore it from a backup')
    const head = { hash: '0x' + Buffer.from(headHash).toString('hex'), header: decodeBlock(headBytes).header }
    const coinbase = devAccounts[0]?.address ?? ZERO_ADDRESS
    const node = new Node(config, store, nodes, vm, flat, mempool, genesisHash, head, devAccounts, coinbase, new SignatureVerifier())
    startDevEngine(node)
    return node
  } catch (e) {
    await closeChainStore(store)
    throw e
  }
}

/** Stop the engine, wait for any block in progress, release the VM and close the store. */
export async function closeNode(node: Node): Promise<void> {
  if (node.closed) return
  node.closed = true
  stopDevEngine(node)
  await node.queue
  await node.verifier.close()
  disposeVm(node.vm)
  await closeChainStore(node.store)
}

/** Between blocks: let the VM replace instances that grew or broke. */
export async function maintainNode(node: Node): Promise<void> {
  await maintainVm(node.vm)
}
