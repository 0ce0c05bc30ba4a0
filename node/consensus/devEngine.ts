import type { InclusionError } from '../execution/applyTransaction.ts'
import type { Node } from '../Node.ts'
import { automine, committedTx, mineBlock, mineIfPending } from '../mineBlock.ts'

/**
 * The dev engine decides when blocks are made: automine (blockTimeMs 0: a block as soon as a
 * transaction arrives, as Hardhat does) or interval mining (a block every blockTimeMs, empty
 * or not). Either way blocks are produced by `mineBlock`, one at a time.
 */
export function startDevEngine(node: Node): void {
  const ms = node.config.consensus.blockTimeMs
  if (ms > 0) {
    node.timer = setInterval(() => {
      mineBlock(node).catch(() => undefined)
    }, ms)
    node.timer.unref?.()
  }
}

export function stopDevEngine(node: Node): void {
  if (node.timer) clearInterval(node.timer)
  node.timer = undefined
}

/**
 * Automine, called after transaction `hash` enters the pool: blocks of ONE transaction each (as
 * Hardhat does, so concurrent senders still get a block per transaction; several made in a row
 * when several are waiting, see mineIfPending), until `hash` has left the pool: mined, or
 * dropped as not includable. When nothing in the pool can be mined yet (its
 * nonce waits for an earlier one), it stays pending and is mined with the transaction that
 * fills the gap. Resolves, once its block is committed, to why it was left out, if it was (its
 * sender gets that code); a transaction left out makes no block. The blocks of concurrent
 * senders are executed here while earlier ones are still being sealed by the store thread.
 */
export async function onTransactionAccepted(node: Node, hash: string): Promise<InclusionError | undefined> {
  if (node.config.consensus.blockTimeMs > 0) return undefined
  const pool = node.mempool.byHash
  while (pool.has(hash)) {
    if ((await automine(node, { for: hash })) === undefined) {
      node.automineWaiting.add(hash)
      return undefined
    }
  }
  // Executed (or left out); its block may still be being sealed: answer once it is committed.
  await committedTx(node, hash)
  const excluded = node.recentExclusions.get(hash)
  // This transaction may have filled a nonce gap: mine what was waiting for it.
  while (node.automineWaiting.size > 0) {
    const mined = [...node.automineWaiting].filter((h) => !pool.has(h))
    for (const h of mined) node.automineWaiting.delete(h)
    // Mined in this one's run: answer once their blocks are committed too.
    await Promise.all(mined.map((h) => committedTx(node, h).catch(() => undefined)))
    if (node.automineWaiting.size === 0 || (await mineIfPending(node)) === undefined) break
  }
  return excluded
}
