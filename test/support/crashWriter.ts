/**
 * Child process for the crash test: opens a node on a data dir and commits blocks of signed
 * transfers as fast as it can, printing `committed <height> <hash>` after each commit lands.
 * The parent SIGKILLs it at random moments.
 */
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { createNode } from '../../node/createNode.ts'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import { submitTransaction } from '../../node/submitTransaction.ts'
import { mineBlock } from '../../node/mineBlock.ts'

const dataDir = process.argv[2]!
const node = await createNode(loadNodeConfig({ overrides: { dataDir, consensus: { blockTimeMs: 60_000 }, genesis: { devAccounts: 4 } } }))
const [a, b] = node.devAccounts
let nonce = node.flat.getAccount(a!.address)?.nonce ?? 0n
console.log(`started ${node.head.header.height} ${node.head.hash}`)
for (;;) {
  for (let i = 0; i < 5; i++) {
    const tx = signTransaction({ chainId: node.config.chainId, nonce: nonce++, gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to: b!.address } }, a!.keys.secretKey)
    const r = await submitTransaction(node, encodeTransaction(tx))
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
  }
  const p = await mineBlock(node)
  console.log(`committed ${p.block.header.height} ${p.hash}`)
}
