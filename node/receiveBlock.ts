import { importBlock, type ImportResult } from './blocks/importBlock.ts'
import type { Block } from './chain/types.ts'
import { prunePool, removeFromPool } from './mempool/Mempool.ts'
import { emit, serialized, type Node } from './Node.ts'
import { settleInFlight } from './mineBlock.ts'

/** Import a block produced elsewhere onto the head (see importBlock); on success it is the new head. */
export function receiveBlock(node: Node, block: Block): Promise<ImportResult> {
  return serialized(node, async () => {
    await settleInFlight(node)
    const r = await importBlock({ vm: node.vm, store: node.store, flat: node.flat, verifier: node.verifier, chainId: node.config.chainId, gasLimit: node.config.gas.blockGasLimit, head: node.head }, block)
    if (!r.ok) return r
    node.head = { hash: r.hash, header: r.header }
    for (const h of r.txHashes) removeFromPool(node.mempool, h)
    prunePool(node.mempool, (sender) => {
      const a = node.flat.getAccount(sender)
      return { nonce: a?.nonce ?? 0n, balance: a?.balance ?? 0n }
    })
    emit(node, { type: 'newHead', hash: r.hash, header: block.header, receipts: r.receipts, txHashes: r.txHashes })
    return r
  })
}
