/**
 * The node benchmarks' workloads (bench/node.bench.ts) on Hardhat's EDR, the engine under
 * `hardhat node`, so that both can be measured on the same machine at the same time: the
 * issue's targets are "twice EDR", and this machine's speed drifts by up to 2x between runs.
 *
 *   npm run bench:edr          (installs this folder's pinned packages, then runs this file)
 *
 * Same shapes as ours: an ERC20 and a constant-product AMM (Bench.sol, Uniswap V2 math, tokens
 * moved with transferFrom/transfer), signed transactions made before the clock starts, each sent
 * with eth_sendRawTransaction and its receipt read back, automine (a block per transaction);
 * sequential (one sender) and 8 concurrent senders; balanceOf as eth_call. In process through
 * Hardhat's provider, and over HTTP against a `hardhat node` child process. Prints JSON lines
 * as DESIGN.md section 9 says, named edr.*.
 */
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')

process.chdir(__dirname)
const N = Number(process.env.N ?? 3000)
const CLIENTS = 8
const MNEMONIC = 'test test test test test test test test test test test junk'

function compile() {
  const solc = require('solc')
  const input = {
    language: 'Solidity',
    sources: { 'Bench.sol': { content: fs.readFileSync('Bench.sol', 'utf8') } },
    settings: { viaIR: true, optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  }
  const out = JSON.parse(solc.compile(JSON.stringify(input)))
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
  const c = out.contracts['Bench.sol']
  return { ERC20: { abi: c.ERC20.abi, bytecode: '0x' + c.ERC20.evm.bytecode.object }, AMM: { abi: c.AMM.abi, bytecode: '0x' + c.AMM.evm.bytecode.object } }
}

function report(bench, unit, value, n) {
  console.log(JSON.stringify({ bench, unit, value: Math.round(value * 100) / 100, n }))
}

async function timed(n, run) {
  const t = performance.now()
  await run()
  return n / ((performance.now() - t) / 1000)
}

/** Everything the workloads need, over `rpc` (a provider's request, in process or over HTTP). */
async function workloads(rpc, where, art, ethers) {
  const wallets = Array.from({ length: 12 }, (_, i) => ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`))
  const erc = new ethers.Interface(art.ERC20.abi)
  const amm = new ethers.Interface(art.AMM.abi)
  const nonces = new Map()
  const sign = async (w, tx) => {
    let n = nonces.get(w.address)
    if (n === undefined) n = Number(await rpc('eth_getTransactionCount', [w.address, 'latest']))
    nonces.set(w.address, n + 1)
    return w.signTransaction({ chainId: 31337, nonce: n, gasLimit: tx.gasLimit ?? 300_000, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, type: 2, to: tx.to ?? null, data: tx.data, value: 0 })
  }
  const send = async (raw) => {
    const hash = await rpc('eth_sendRawTransaction', [raw])
    const receipt = await rpc('eth_getTransactionReceipt', [hash])
    if (!receipt || receipt.status !== '0x1') throw new Error(`transaction ${hash} failed`)
    return receipt
  }
  const deploy = async (w, a, args) => {
    const tx = await new ethers.ContractFactory(a.abi, a.bytecode).getDeployTransaction(...args)
    return (await send(await sign(w, { data: tx.data, gasLimit: 5_000_000 }))).contractAddress
  }
  const call = async (w, to, iface, fn, args) => send(await sign(w, { to, data: iface.encodeFunctionData(fn, args) }))

  const owner = wallets[0]
  const A = await deploy(owner, art.ERC20, ['A', 'A', 18, 10n ** 30n])
  const B = await deploy(owner, art.ERC20, ['B', 'B', 18, 10n ** 30n])
  const P = await deploy(owner, art.AMM, [])
  await call(owner, P, amm, 'createPool', [A, B])
  await call(owner, A, erc, 'approve', [P, 10n ** 30n])
  await call(owner, B, erc, 'approve', [P, 10n ** 30n])
  await call(owner, P, amm, 'addLiquidity', [A, B, 10n ** 26n, 10n ** 26n])
  const clients = wallets.slice(1, 1 + CLIENTS)
  const other = wallets[11].address
  for (const c of clients) {
    await call(owner, A, erc, 'transfer', [c.address, 10n ** 25n])
    await call(owner, B, erc, 'transfer', [c.address, 10n ** 25n])
    await call(c, A, erc, 'approve', [P, 10n ** 30n])
    await call(c, B, erc, 'approve', [P, 10n ** 30n])
  }
  const transfer = () => ({ to: A, data: erc.encodeFunctionData('transfer', [other, 1n]) })
  const swap = (to, i) => ({ to: P, data: amm.encodeFunctionData('swapExactIn', i % 2 ? [A, B, 10n ** 18n, 0n, to] : [B, A, 10n ** 18n, 0n, to]) })

  const sequential = async (make) => {
    const txs = []
    for (let i = 0; i < N + 50; i++) txs.push(await sign(owner, make(owner.address, i)))
    for (let i = 0; i < 50; i++) await send(txs[i])
    return timed(N, async () => {
      for (let i = 50; i < txs.length; i++) await send(txs[i])
    })
  }
  const concurrent = async (make) => {
    const per = Math.ceil(N / CLIENTS)
    const lists = []
    for (const c of clients) {
      const list = []
      for (let i = 0; i < per + 20; i++) list.push(await sign(c, make(c.address, i)))
      lists.push(list)
    }
    await Promise.all(lists.map(async (l) => { for (let i = 0; i < 20; i++) await send(l[i]) }))
    return timed(per * CLIENTS, () => Promise.all(lists.map(async (l) => { for (let i = 20; i < l.length; i++) await send(l[i]) })))
  }
  report(`edr.erc20.transfer.${where}.sequential`, 'ops/s', await sequential(transfer), N)
  if (where === 'inproc') report('edr.amm.swap.inproc.sequential', 'ops/s', await sequential(swap), N)
  report(`edr.erc20.transfer.${where}`, 'ops/s', await concurrent(transfer), N)
  if (where === 'inproc') report('edr.amm.swap.inproc', 'ops/s', await concurrent(swap), N)
  const view = [{ to: A, data: erc.encodeFunctionData('balanceOf', [other]) }, 'latest']
  for (let i = 0; i < 200; i++) await rpc('eth_call', view)
  const views = 3 * N
  report(where === 'inproc' ? 'edr.erc20.balanceOf.inproc' : 'edr.erc20.balanceOf.http.sequential', 'ops/s', await timed(views, async () => { for (let i = 0; i < views; i++) await rpc('eth_call', view) }), views)
  if (where === 'http') {
    let left = views
    const worker = async () => { while (left-- > 0) await rpc('eth_call', view) }
    report('edr.erc20.balanceOf.http', 'ops/s', await timed(views, () => Promise.all(Array.from({ length: CLIENTS }, worker))), views)
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** `hardhat node` in a child process; resolves to its URL and a stop function. */
async function hardhatNode() {
  const port = await freePort()
  const cli = path.join(path.dirname(require.resolve('hardhat/package.json', { paths: [__dirname] })), 'internal', 'cli', 'cli.js')
  const child = spawn(process.execPath, [cli, 'node', '--hostname', '127.0.0.1', '--port', String(port), '--config', 'hardhat.config.cjs'], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((resolve, reject) => {
    let seen = ''
    const onData = (chunk) => {
      seen += chunk
      if (seen.includes('Started HTTP')) {
        child.stdout.off('data', onData)
        child.stdout.resume() // it logs every request: keep draining
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.on('exit', (code) => reject(new Error(`hardhat node exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() }
}

async function main() {
  const art = compile()
  const { ethers } = require('ethers')
  const hre = require('hardhat')
  const provider = hre.network.provider
  await workloads((method, params = []) => provider.request({ method, params }), 'inproc', art, ethers)

  const node = await hardhatNode()
  try {
    let id = 0
    const rpc = async (method, params = []) => {
      const res = await fetch(node.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) })
      const body = await res.json()
      if (body.error) throw new Error(`${method}: ${body.error.message}`)
      return body.result
    }
    await workloads(rpc, 'http', art, ethers)
  } finally {
    node.stop()
  }
  const version = (p) => JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', p, 'package.json'), 'utf8')).version
  console.error(`hardhat ${version('hardhat')}, edr ${version('@nomicfoundation/edr')}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
