import { readFileSync } from 'node:fs'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeValue } from '../../contracts/sdk/abi.ts'
import { contractAddress } from '../../node/chain/contractAddress.ts'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import type { Payload } from '../../node/chain/types.ts'
import { loadNodeConfig } from '../../node/config/loadNodeConfig.ts'
import { closeNode, createNode } from '../../node/createNode.ts'
import type { Node } from '../../node/Node.ts'
import type { RpcServer } from '../../node/rpc/createRpcServer.ts'
import { startRpc } from '../../node/rpc/startRpc.ts'
import { rpcDocs } from '../../node/rpc/writeRpcDocs.ts'
import { decodeProof } from '../../node/state/SparseMerkleProof.ts'
import { verifyProof } from '../../node/state/verifyProof.ts'
import { storageKey } from '../../node/state/stateKeys.ts'
import { artifact } from '../support/vmHarness.ts'

let node: Node
let rpc: RpcServer
let token: string
let nonce = 0n

async function raw(body: string): Promise<any> {
  const res = await fetch(rpc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  return res.json()
}
async function call(method: string, params: unknown[] = []): Promise<any> {
  const r = await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))
  if (r.error) throw Object.assign(new Error(r.error.message), r.error)
  return r.result
}
function signed(payload: Payload, from = 0): string {
  const tx = signTransaction({ chainId: node.config.chainId, nonce: from === 0 ? nonce++ : 0n, gasLimit: 80_000_000, gasPrice: 1n, value: 0n, payload }, node.devAccounts[from]!.keys.secretKey)
  return '0x' + Buffer.from(encodeTransaction(tx)).toString('hex')
}

beforeAll(async () => {
  node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 3 } } }))
  rpc = await startRpc(node, { port: 0 })
  const erc20 = await artifact('contracts/standard/ERC20.ts')
  await call('chain_sendRawTransaction', [signed({ type: 'deploy', code: erc20.code, args: JSON.stringify(encodeValue(['T', 'T', 18, 1000n])) })])
  token = contractAddress(node.devAccounts[0]!.address, 0n)
})
afterAll(async () => {
  await rpc.close()
  await closeNode(node)
})

describe('node JSON-RPC', () => {
  it('docs/rpc.md is generated from the method table and up to date (npm run docs:rpc)', async () => {
    expect(readFileSync('docs/rpc.md', 'utf8')).toBe(await rpcDocs())
  })

  it('send, receipt, call, logs: a transfer through raw JSON-RPC', async () => {
    const bob = node.devAccounts[1]!.address
    const hash = await call('chain_sendRawTransaction', [signed({ type: 'call', to: token, method: 'transfer', args: JSON.stringify([bob, '10']) })])
    const receipt = await call('chain_getTransactionReceipt', [hash])
    expect(receipt.status).toBe('success')
    expect(receipt.events[0].name).toBe('Transfer')
    const view = await call('chain_call', [{ to: token, method: 'balanceOf', args: [bob] }])
    expect(view).toMatchObject({ status: 'success', returnValue: '"10"' })
    const logs = await call('chain_getLogs', [{ contract: token, event: 'Transfer' }])
    expect(logs.map((l: any) => l.txHash)).toContain(hash)
    expect((await call('chain_getTransaction', [hash])).from).toBe(node.devAccounts[0]!.address)
    expect((await call('chain_getBlockByNumber', ['latest', true])).transactions[0].hash).toBe(hash)
  })

  it('state proof: a storage slot verifies against the state root and fails when tampered', async () => {
    const key = 'bal:' + node.devAccounts[1]!.address
    const p = await call('chain_getProof', [token, [key]])
    const root = Buffer.from(p.stateRoot.slice(2), 'hex')
    const proof = decodeProof(Buffer.from(p.storage[0].proof.slice(2), 'hex'))!
    expect(verifyProof(root, storageKey(token, key), Buffer.from(p.storage[0].value), proof)).toBe(true)
    expect(verifyProof(root, storageKey(token, key), Buffer.from('n11'), proof)).toBe(false)
  })

  it('bad input: parse error, unknown method, bad params, garbage transaction, replayed nonce; the node keeps serving', async () => {
    expect((await raw('{"jsonrpc":"2.0","id":1,"method":')).error.code).toBe(-32700)
    expect((await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_nope', params: [] }))).error.code).toBe(-32601)
    expect((await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getBalance', params: ['0xZZ'] }))).error.code).toBe(-32602)
    const garbage = await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_sendRawTransaction', params: ['0xdeadbeef'] }))
    expect(garbage.error.code).toBe(-32050)
    expect(garbage.error.data.code).toMatch(/^TX_/)
    const replay = signTransaction({ chainId: node.config.chainId, nonce: 0n, gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to: token } }, node.devAccounts[0]!.keys.secretKey)
    const again = await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_sendRawTransaction', params: ['0x' + Buffer.from(encodeTransaction(replay)).toString('hex')] }))
    expect(again.error.data.code).toBe('MEMPOOL_NONCE_TOO_LOW')
    const wrongChain = signTransaction({ chainId: 'other', nonce: 0n, gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to: token } }, node.devAccounts[2]!.keys.secretKey)
    expect((await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_sendRawTransaction', params: ['0x' + Buffer.from(encodeTransaction(wrongChain)).toString('hex')] }))).error.data.code).toBe('TX_WRONG_CHAIN')
    const batch = await raw(JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'chain_blockNumber', params: [] }, { jsonrpc: '2.0', id: 2, method: 'nope' }]))
    expect(batch.map((r: any) => r.error?.code ?? 'ok')).toEqual(['ok', -32601])
    expect((await call('chain_info')).chainId).toBe(node.config.chainId)
  })

  it('unknown method: -32601 naming the method probably meant (Ethereum-style name, typo), none when nothing is close', async () => {
    const unknown = async (method: string) => (await raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }))).error
    expect(await unknown('eth_getBalance')).toMatchObject({ code: -32601, data: { method: 'eth_getBalance', suggestion: 'chain_getBalance' } })
    expect(await unknown('eth_blockNumber')).toMatchObject({ code: -32601, data: { suggestion: 'chain_blockNumber' } })
    expect(await unknown('chain_blockNumbr')).toMatchObject({ code: -32601, data: { suggestion: 'chain_blockNumber' } })
    for (const far of ['nope', 'constructor', '__proto__']) {
      const e = await unknown(far)
      expect(e.code, far).toBe(-32601)
      expect(e.data, far).toEqual({ method: far })
    }
    const long = await unknown('chain_' + 'x'.repeat(5000))
    expect(long.code).toBe(-32601)
    expect(long.data.method).toHaveLength(64)
    expect(long.data.suggestion).toBeUndefined()
  })

  it('answers carry their Content-Length in bytes, not chunked framing, also for non-ASCII text', async () => {
    // The answer echoes the request's id, so a non-ASCII id makes a non-ASCII answer.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 'grüße', method: 'chain_blockNumber', params: [] })
    const res = await fetch(rpc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(res.headers.get('transfer-encoding')).toBeNull()
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
    expect(JSON.parse(bytes.toString('utf8')).id).toBe('grüße')
    expect(bytes.length).toBeGreaterThan(bytes.toString('utf8').length)
  })

  it('dev: snapshot and revert undo blocks, balances and time; setBalance and increaseTime apply', async () => {
    const carol = node.devAccounts[2]!.address
    const id = await call('dev_snapshot')
    const height = await call('chain_blockNumber')
    await call('dev_setBalance', [carol, '5'])
    expect(await call('chain_getBalance', [carol])).toBe('5')
    await call('dev_increaseTime', [86_400_000])
    const [mined] = await call('dev_mine', [1])
    const block = await call('chain_getBlockByHash', [mined])
    expect(block.timestamp).toBeGreaterThan(Date.now() + 86_000_000)
    expect(await call('dev_revert', [id])).toBe(true)
    expect(await call('chain_blockNumber')).toBe(height)
    expect(await call('chain_getBalance', [carol])).toBe(node.config.genesis.devBalance.toString())
    expect(await call('chain_getBlockByHash', [mined])).toBe(null)
    await expect(call('dev_revert', [id])).rejects.toMatchObject({ code: -32052 })
  })

  it('dev_setCode swaps the code in place keeping storage; bad code is refused with CODE_REJECTED', async () => {
    const erc20 = await artifact('contracts/standard/ERC20.ts')
    const patched = erc20.code.replace('view(() => tokenName.getOr(""))', 'view(() => "Patched " + tokenName.getOr(""))')
    expect(patched).not.toBe(erc20.code)
    const before = await call('chain_call', [{ to: token, method: 'balanceOf', args: [node.devAccounts[0]!.address] }])
    await call('dev_setCode', [token, patched])
    expect((await call('chain_call', [{ to: token, method: 'name', args: [] }])).returnValue).toBe('"Patched T"')
    expect(await call('chain_call', [{ to: token, method: 'balanceOf', args: [node.devAccounts[0]!.address] }])).toEqual(before)
    await expect(call('dev_setCode', [token, 'with (x) {}'])).rejects.toMatchObject({ code: -32053 })
  })

  it('WebSocket: newHeads and logs subscriptions deliver the next block and its Transfer', async () => {
    const ws = new WebSocket(rpc.wsUrl)
    await new Promise((r) => ws.once('open', r))
    const messages: any[] = []
    ws.on('message', (m) => messages.push(JSON.parse(String(m))))
    const send = (id: number, method: string, params: unknown[]) => ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }))
    send(1, 'rpc_subscribe', ['newHeads'])
    send(2, 'rpc_subscribe', ['logs', { contract: token, event: 'Transfer' }])
    await new Promise((r) => setTimeout(r, 100))
    await call('chain_sendRawTransaction', [signed({ type: 'call', to: token, method: 'transfer', args: JSON.stringify([node.devAccounts[1]!.address, '1']) })])
    await new Promise((r) => setTimeout(r, 200))
    ws.close()
    const notes = messages.filter((m) => m.method === 'subscription').map((m) => m.params.result)
    expect(notes.some((n) => typeof n.height === 'number')).toBe(true)
    expect(notes.some((n) => n.name === 'Transfer' && n.contract === token)).toBe(true)
  })
})
