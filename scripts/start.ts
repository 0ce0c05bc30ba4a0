/**
 * `npm start`: a dev node on loopback with the example contracts deployed: two ERC20 tokens
 * and the AMM with a seeded pool. Prints the RPC URL, the prefunded accounts and the contract
 * addresses. Flags are the node's (`--data-dir .chain` keeps the chain on disk; `--rpc-port`).
 * On a data dir that already has them, the contracts are found, not deployed again.
 */
import { encodeValue } from '../contracts/sdk/abi.ts'
import { loadNodeConfig, ConfigError } from '../node/config/loadNodeConfig.ts'
import { closeNode, createNode, NodeError } from '../node/createNode.ts'
import { contractAddress } from '../node/chain/contractAddress.ts'
import { encodeTransaction } from '../node/chain/encodeTransaction.ts'
import { signTransaction } from '../node/chain/signTransaction.ts'
import type { Payload } from '../node/chain/types.ts'
import { receiptByHash } from '../node/queries.ts'
import { startRpc } from '../node/rpc/startRpc.ts'
import { submitTransaction } from '../node/submitTransaction.ts'
import { compileContract } from '../toolkit/compiler/compileContract.ts'

const E18 = 10n ** 18n

async function main(): Promise<void> {
  const config = loadNodeConfig({ argv: process.argv.slice(2), overrides: { rpc: { port: 8545 } } })
  const node = await createNode(config)
  const rpc = await startRpc(node)
  const owner = node.devAccounts[0]!
  const addresses = [0n, 1n, 2n].map((n) => contractAddress(owner.address, n))
  const [apple, banana, amm] = addresses as [string, string, string]

  if ((node.flat.getAccount(owner.address)?.nonce ?? 0n) === 0n) {
    const compile = async (path: string) => {
      const r = await compileContract(path, { root: process.cwd() })
      if (!r.ok) throw new Error(`compile ${path}: ${r.errors.map((e) => `${e.code} ${e.file}:${e.line} ${e.message}`).join('; ')}`)
      return r.artifact
    }
    const [erc20, pool] = await Promise.all([compile('contracts/standard/ERC20.ts'), compile('contracts/standard/AMM.ts')])
    let nonce = 0n
    const send = async (payload: Payload) => {
      const tx = signTransaction({ chainId: config.chainId, nonce: nonce++, gasLimit: 80_000_000, gasPrice: config.gas.minGasPrice, value: 0n, payload }, owner.keys.secretKey)
      const r = await submitTransaction(node, encodeTransaction(tx))
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
      const { receipt } = (await receiptByHash(node, r.hash))!
      if (receipt.status !== 'success') throw new Error(`${receipt.code}: ${receipt.reason}`)
    }
    const args = (...a: unknown[]) => JSON.stringify(encodeValue(a))
    await send({ type: 'deploy', code: erc20.code, args: args('Apple', 'APL', 18, 1_000_000n * E18) })
    await send({ type: 'deploy', code: erc20.code, args: args('Banana', 'BAN', 18, 1_000_000n * E18) })
    await send({ type: 'deploy', code: pool.code, args: args() })
    await send({ type: 'call', to: apple, method: 'approve', args: args(amm, 10n ** 30n) })
    await send({ type: 'call', to: banana, method: 'approve', args: args(amm, 10n ** 30n) })
    await send({ type: 'call', to: amm, method: 'createPool', args: args(apple, banana) })
    await send({ type: 'call', to: amm, method: 'addLiquidity', args: args(apple, banana, 10_000n * E18, 20_000n * E18, 0n, 0n) })
  }

  console.log(`tsvm dev node (chain ${config.chainId}, ${config.consensus.blockTimeMs === 0 ? 'automine' : `block every ${config.consensus.blockTimeMs} ms`}, data ${config.dataDir ?? 'in memory'})`)
  console.log(`\nJSON-RPC   ${rpc.url}\nWebSocket  ${rpc.wsUrl}\n`)
  console.log('Contracts')
  console.log(`  Apple (APL, ERC20)    ${apple}`)
  console.log(`  Banana (BAN, ERC20)   ${banana}`)
  console.log(`  AMM (APL/BAN pool)    ${amm}   seeded with 10,000 APL + 20,000 BAN`)
  console.log('\nAccounts (dev keys are public: never use them for value)')
  node.devAccounts.forEach((a, i) => console.log(`  (${i}) ${a.address}  secret key 0x${Buffer.from(a.keys.secretKey).toString('hex')}`))
  console.log(`\nTry: curl -s ${rpc.url} -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"chain_call","params":[{"to":"${amm}","method":"getPool","args":["${apple}","${banana}"]}]}'`)
  console.log('\nCtrl-C stops the node.')
  const stop = async () => {
    await rpc.close()
    await closeNode(node)
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof NodeError) {
    console.error(`${e.code}: ${e.message}`)
    process.exit(2)
  }
  console.error(e)
  process.exit(1)
})
