/**
 * Node benchmarks (issue targets, twice Hardhat EDR on this machine):
 * node.erc20.transfer.inproc ≥ 2,800 ops/s, node.erc20.transfer.http ≥ 1,000 ops/s,
 * node.amm.swap.inproc ≥ 2,000 ops/s, node.erc20.balanceOf.inproc ≥ 9,000 ops/s,
 * node.erc20.balanceOf.http ≥ 3,400 ops/s, node.block.import ≥ 3,000 tx/s, node.restart ≤ 2 s.
 * Transactions are signed before the timed loop (signing is the client's cost); each one is
 * submitted, mined by automine in a block of its own (checked), and its receipt read back.
 * The transfer and swap figures are for BENCH_CLIENTS (8) concurrent senders, each awaiting its
 * own transactions in turn, as a node serving several users sees them: while the node makes one
 * block, the signatures of the next transactions are checked on a worker thread. The
 * `.sequential` lines are one sender awaiting each transaction before sending the next. The
 * HTTP figures are measured by a client in its own process (bench/support/httpClients.ts), as a
 * user's script would talk to a node; the node's process only serves. The node.signature.verify.*
 * lines are one thread's Ed25519 verification rate by each path (what bounds admission).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeValue } from '../contracts/sdk/abi.ts'
import { contractAddress } from '../node/chain/contractAddress.ts'
import { encodeTransaction } from '../node/chain/encodeTransaction.ts'
import { signTransaction } from '../node/chain/signTransaction.ts'
import { keyPairFromSeed, sign as signBytes } from '../node/crypto/keys.ts'
import { FAST_VERIFIERS, verifySignature, verifySignatureReference, verifySignatureWith } from '../node/crypto/verify.ts'
import type { Payload, SignedTransaction } from '../node/chain/types.ts'
import { loadNodeConfig } from '../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../node/createNode.ts'
import type { Node } from '../node/Node.ts'
import { blockByNumber, receiptByHash } from '../node/queries.ts'
import { receiveBlock } from '../node/receiveBlock.ts'
import { nodeMethods, startRpc } from '../node/rpc/startRpc.ts'
import { submitTransaction } from '../node/submitTransaction.ts'
import { mineBlock } from '../node/mineBlock.ts'
import { artifact } from '../test/support/vmHarness.ts'
import { report } from './report.ts'

const N = Number(process.env.BENCH_N ?? 3000)
const args = (...a: unknown[]) => JSON.stringify(encodeValue(a))

function signer(node: Node, index: number) {
  let nonce = node.flat.getAccount(node.devAccounts[index]!.address)?.nonce ?? 0n
  return (payload: Payload, gasLimit = 2_000_000): SignedTransaction =>
    signTransaction({ chainId: node.config.chainId, nonce: nonce++, gasLimit, gasPrice: 1n, value: 0n, payload }, node.devAccounts[index]!.keys.secretKey)
}

async function must(node: Node, tx: SignedTransaction): Promise<void> {
  const r = await submitTransaction(node, encodeTransaction(tx))
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
  if (node.config.consensus.blockTimeMs > 0) await mineBlock(node)
  const rec = await receiptByHash(node, r.hash)
  if (rec?.receipt.status !== 'success') throw new Error(`${rec?.receipt.code}: ${rec?.receipt.reason}`)
}

async function setup(node: Node) {
  const [erc20, amm] = await Promise.all([artifact('contracts/standard/ERC20.ts'), artifact('contracts/standard/AMM.ts')])
  const sign = signer(node, 0)
  const owner = node.devAccounts[0]!.address
  const [a, b, pool] = [0n, 1n, 2n].map((n) => contractAddress(owner, n)) as [string, string, string]
  await must(node, sign({ type: 'deploy', code: erc20.code, args: args('A', 'A', 18, 10n ** 30n) }, 80_000_000))
  await must(node, sign({ type: 'deploy', code: erc20.code, args: args('B', 'B', 18, 10n ** 30n) }, 80_000_000))
  await must(node, sign({ type: 'deploy', code: amm.code, args: args() }, 80_000_000))
  await must(node, sign({ type: 'call', to: a, method: 'approve', args: args(pool, 10n ** 30n) }))
  await must(node, sign({ type: 'call', to: b, method: 'approve', args: args(pool, 10n ** 30n) }))
  await must(node, sign({ type: 'call', to: pool, method: 'createPool', args: args(a, b) }))
  await must(node, sign({ type: 'call', to: pool, method: 'addLiquidity', args: args(a, b, 10n ** 26n, 10n ** 26n, 0n, 0n) }))
  return { sign, a, b, pool, owner, other: node.devAccounts[1]!.address }
}

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(-1 - i)
  const t = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  return n / ((performance.now() - t) / 1000)
}

/** Concurrent senders: dev accounts 1..CLIENTS, each sending its own transactions in order. */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8)
const WARMUP = 10

/**
 * ops/s of `clients` loops running at once, each awaiting its own calls one after another (as
 * that many users' scripts would); `per` calls each after WARMUP untimed ones.
 */
async function timedClients(clients: number, per: number, fn: (client: number, i: number) => Promise<void>): Promise<number> {
  const loop = (c: number, from: number, to: number) => (async () => {
    for (let i = from; i < to; i++) await fn(c, i)
  })()
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c, 0, WARMUP)))
  const t = performance.now()
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c, WARMUP, WARMUP + per)))
  return (clients * per) / ((performance.now() - t) / 1000)
}

/** Each of the `count` transactions since `fromHeight` has a block of its own (automine). */
function expectOnePerBlock(node: Node, fromHeight: number, count: number): void {
  if (node.head.header.height - fromHeight !== count) throw new Error(`${count} transactions made ${node.head.header.height - fromHeight} blocks`)
}

/** Runs bench/support/httpClients.ts in a child process with `job`; its ops/s. */
async function httpClients(job: Record<string, unknown>): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'httpClients.ts')], { stdio: ['pipe', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c))
  child.stdin.end(JSON.stringify(job))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`the HTTP client process exited with ${code}`)
  return (JSON.parse(out) as { opsPerSecond: number }).opsPerSecond
}

async function inProcess(): Promise<void> {
  const node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: CLIENTS + 2 } } }))
  const s = await setup(node)
  const clients = Array.from({ length: CLIENTS }, (_, c) => ({ sign: signer(node, c + 1), address: node.devAccounts[c + 1]!.address }))
  for (const c of clients) {
    await must(node, s.sign({ type: 'call', to: s.a, method: 'transfer', args: args(c.address, 10n ** 25n) }))
    await must(node, s.sign({ type: 'call', to: s.b, method: 'transfer', args: args(c.address, 10n ** 25n) }))
    await must(node, c.sign({ type: 'call', to: s.a, method: 'approve', args: args(s.pool, 10n ** 30n) }))
    await must(node, c.sign({ type: 'call', to: s.b, method: 'approve', args: args(s.pool, 10n ** 30n) }))
  }
  const per = Math.ceil(N / CLIENTS)
  const submit = async (bytes: Uint8Array, what: string) => {
    const r = await submitTransaction(node, bytes)
    if (!r.ok || (await receiptByHash(node, r.hash))?.receipt.status !== 'success') throw new Error(`${what} failed`)
  }

  // Sequential: one sender, each transaction awaited before the next is sent.
  const transfers = Array.from({ length: N + 50 }, () => encodeTransaction(s.sign({ type: 'call', to: s.a, method: 'transfer', args: args(s.other, 1n) })))
  let k = 0
  report('node.erc20.transfer.inproc.sequential', 'ops/s', await timed(N, () => submit(transfers[k++]!, 'transfer')), N)
  const swaps = Array.from({ length: N + 50 }, (_, i) => encodeTransaction(s.sign({ type: 'call', to: s.pool, method: 'swapExactIn', args: i % 2 ? args(s.a, s.b, 10n ** 18n, 0n, s.owner) : args(s.b, s.a, 10n ** 18n, 0n, s.owner) })))
  k = 0
  report('node.amm.swap.inproc.sequential', 'ops/s', await timed(N, () => submit(swaps[k++]!, 'swap')), N)

  // Concurrent senders, as a node serving several users sees them; still a block per transaction.
  // Steady state: the signature worker (started on the node's first busy moment) is up.
  await node.verifier.workersUp()
  const clientTransfers = clients.map((c) => Array.from({ length: WARMUP + per }, () => encodeTransaction(c.sign({ type: 'call', to: s.a, method: 'transfer', args: args(s.other, 1n) }))))
  let height = node.head.header.height
  report('node.erc20.transfer.inproc', 'ops/s', await timedClients(CLIENTS, per, (c, i) => submit(clientTransfers[c]![i]!, 'transfer')), CLIENTS * per)
  expectOnePerBlock(node, height, CLIENTS * (WARMUP + per))
  const clientSwaps = clients.map((c) => Array.from({ length: WARMUP + per }, (_, i) => encodeTransaction(c.sign({ type: 'call', to: s.pool, method: 'swapExactIn', args: i % 2 ? args(s.a, s.b, 10n ** 18n, 0n, c.address) : args(s.b, s.a, 10n ** 18n, 0n, c.address) }))))
  height = node.head.header.height
  report('node.amm.swap.inproc', 'ops/s', await timedClients(CLIENTS, per, (c, i) => submit(clientSwaps[c]![i]!, 'swap')), CLIENTS * per)
  expectOnePerBlock(node, height, CLIENTS * (WARMUP + per))

  // Views through the node's RPC method table, params validated as a provider would.
  const call = nodeMethods(node).chain_call!
  const params = [{ to: s.a, method: 'balanceOf', args: [s.other] }]
  const views = N * 3
  report('node.erc20.balanceOf.inproc', 'ops/s', await timed(views, async () => {
    const out = (await call.handler(call.params.parse(params) as never, {} as never)) as { status: string }
    if (out.status !== 'success') throw new Error('view failed')
  }), views)

  // Over HTTP from another process (as a user's script talks to a node), through the client
  // library's HTTP provider (node:http, keep-alive); the node's process only serves.
  const rpc = await startRpc(node, { port: 0 })
  const hexOf = (tx: SignedTransaction) => '0x' + Buffer.from(encodeTransaction(tx)).toString('hex')
  const sequential = [Array.from({ length: N + 50 }, () => hexOf(s.sign({ type: 'call', to: s.a, method: 'transfer', args: args(s.other, 1n) })))]
  report('node.erc20.transfer.http.sequential', 'ops/s', await httpClients({ url: rpc.url, kind: 'send', lists: sequential, warmup: 50 }), N)
  const concurrent = clients.map((c) => Array.from({ length: WARMUP + per }, () => hexOf(c.sign({ type: 'call', to: s.a, method: 'transfer', args: args(s.other, 1n) }))))
  height = node.head.header.height
  report('node.erc20.transfer.http', 'ops/s', await httpClients({ url: rpc.url, kind: 'send', lists: concurrent, warmup: WARMUP }), CLIENTS * per)
  expectOnePerBlock(node, height, CLIENTS * (WARMUP + per))
  report('node.erc20.balanceOf.http.sequential', 'ops/s', await httpClients({ url: rpc.url, kind: 'call', params, clients: 1, count: views, warmup: 200 }), views)
  report('node.erc20.balanceOf.http', 'ops/s', await httpClients({ url: rpc.url, kind: 'call', params, clients: CLIENTS, count: views, warmup: 50 }), views)
  await rpc.close()
  await closeNode(node)
}

async function blockImport(): Promise<void> {
  const PER_BLOCK = 1000
  const BLOCKS = Number(process.env.BENCH_IMPORT_BLOCKS ?? 4)
  const cfg = (dataDir?: string) =>
    loadNodeConfig({ overrides: { ...(dataDir ? { dataDir } : {}), consensus: { blockTimeMs: 3_600_000 }, genesis: { devAccounts: 11 }, mempool: { maxPerSender: PER_BLOCK } } })
  const producer = await createNode(cfg())
  const s = await setup(producer)
  // Spread the ERC20 to 10 senders, then make blocks of 1,000 signed transfers.
  for (let i = 1; i <= 10; i++) await must(producer, s.sign({ type: 'call', to: s.a, method: 'transfer', args: args(producer.devAccounts[i]!.address, 10n ** 24n) }))
  await mineBlock(producer)
  const signers = Array.from({ length: 10 }, (_, i) => signer(producer, i + 1))
  for (let b = 0; b < BLOCKS; b++) {
    const txs = Array.from({ length: PER_BLOCK }, (_, i) => signers[i % 10]!({ type: 'call', to: s.a, method: 'transfer', args: args(producer.devAccounts[(i + 3) % 11]!.address, 1n) }, 200_000))
    for (const tx of txs) {
      const r = await submitTransaction(producer, encodeTransaction(tx))
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
    }
    const p = await mineBlock(producer, { timestamp: producer.head.header.timestamp + 1000 })
    if (p.excluded.length || p.block.transactions.length !== PER_BLOCK) throw new Error(`${p.block.transactions.length} included, ${p.excluded.length} excluded: ${p.excluded[0]?.code}`)
  }
  const blocks = []
  for (let h = 1; h <= producer.head.header.height; h++) blocks.push((await blockByNumber(producer, h))!.block)
  const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-bench-import-'))
  const follower = await createNode(cfg(dir))
  await follower.verifier.verify(blocks.at(-1)!.transactions.slice(0, 64)) // start the worker threads
  const setupBlocks = blocks.length - BLOCKS
  for (const b of blocks.slice(0, setupBlocks)) if (!(await receiveBlock(follower, b)).ok) throw new Error('setup import failed')
  const t = performance.now()
  for (const b of blocks.slice(setupBlocks)) {
    const r = await receiveBlock(follower, b)
    if (!r.ok) throw new Error(`${r.code} ${r.detail}`)
  }
  report('node.block.import', 'tx/s', (BLOCKS * PER_BLOCK) / ((performance.now() - t) / 1000), BLOCKS * PER_BLOCK)
  await closeNode(follower)
  await closeNode(producer)
  rmSync(dir, { recursive: true, force: true })
}

async function restart(): Promise<void> {
  const BLOCKS = Number(process.env.BENCH_RESTART_BLOCKS ?? 10_000)
  const dir = mkdtempSync(path.join(tmpdir(), 'tsvm-bench-restart-'))
  const cfg = loadNodeConfig({ overrides: { dataDir: dir, consensus: { blockTimeMs: 3_600_000 }, genesis: { devAccounts: 4 } } })
  const node = await createNode(cfg)
  const sign = signer(node, 0)
  for (let i = 0; i < BLOCKS; i++) {
    if (i % 2 === 0) await submitTransaction(node, encodeTransaction(sign({ type: 'transfer', to: node.devAccounts[1 + (i % 3)]!.address }, 21_000)))
    await mineBlock(node)
  }
  await closeNode(node)
  const t = performance.now()
  const again = await createNode(cfg)
  const seconds = (performance.now() - t) / 1000
  if (again.head.header.height !== BLOCKS) throw new Error(`reopened at ${again.head.header.height}`)
  report('node.restart', 's', seconds, BLOCKS)
  await closeNode(again)
  rmSync(dir, { recursive: true, force: true })
}

/** Verifications per second on this thread: the rule alone (noble), each fast path, and a forged signature (fast path rejects, the rule settles). */
function signatures(): void {
  const items = Array.from({ length: 64 }, (_, i) => {
    const keys = keyPairFromSeed(new Uint8Array(32).fill(i + 1))
    const message = new TextEncoder().encode(`transfer ${i}`)
    return { publicKey: keys.publicKey, message, sig: signBytes(message, keys.secretKey) }
  })
  const forged = new TextEncoder().encode('forged')
  const rate = (n: number, fn: (x: (typeof items)[number]) => boolean) => {
    for (const x of items) if (!fn(x)) throw new Error('benchmark signature misjudged') // warm up, fill the key cache
    const t = performance.now()
    for (let i = 0; i < n; i++) if (!fn(items[i % items.length]!)) throw new Error('benchmark signature misjudged')
    return n / ((performance.now() - t) / 1000)
  }
  report('node.signature.verify.reference', 'ops/s', rate(500, (x) => verifySignatureReference(x.publicKey, x.message, x.sig)), 500)
  for (const f of FAST_VERIFIERS) report(`node.signature.verify.${f}`, 'ops/s', rate(5000, (x) => verifySignatureWith(f, x.publicKey, x.message, x.sig)), 5000)
  report('node.signature.verify.forged', 'ops/s', rate(500, (x) => !verifySignature(x.publicKey, forged, x.sig)), 500)
}

signatures()
if (!process.env.BENCH_SKIP_INPROC) await inProcess()
await blockImport()
await restart()
