import type { Node } from '../Node.ts'
import { mineBlock } from '../mineBlock.ts'

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

/** Automine: called after a transaction enters the pool. */
export function onTransactionAccepted(node: Node): Promise<unknown> | undefined {
  if (node.config.consensus.blockTimeMs > 0) return undefined
  return mineBlock(node)
}
