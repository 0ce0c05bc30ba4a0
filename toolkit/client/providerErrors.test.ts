import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeTransaction } from '../../node/chain/encodeTransaction.ts'
import { signTransaction } from '../../node/chain/signTransaction.ts'
import { devKeyPair, DEV_PHRASE } from '../../node/crypto/keys.ts'
import { callRpc } from './callRpc.ts'
import { createHttpProvider } from './createHttpProvider.ts'
import { createWallet } from './createWallet.ts'
import { startTestChain, type TestChain } from './fixtures/testChain.ts'
import { ProviderError } from './ProviderError.ts'

let chain: TestChain
beforeAll(async () => {
  chain = await startTestChain()
})
afterAll(async () => {
  await chain.close()
})

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

/** A transaction from account 0 signed with account 1's key: well formed, wrong signature. */
async function badlySignedRaw(): Promise<string> {
  const [a, b] = [devKeyPair(DEV_PHRASE, 0), devKeyPair(DEV_PHRASE, 1)]
  const stx = signTransaction({ chainId: chain.node.config.chainId, nonce: 0n, gasLimit: 21_000, gasPrice: 1n, value: 1n, payload: { type: 'transfer', to: b.address } }, b.secretKey)
  return hex(encodeTransaction({ ...stx, from: a.publicKey }))
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(e).toBeInstanceOf(ProviderError)
  return e as ProviderError
}

describe.each(['in-process', 'http', 'ws'] as const)('JSON-RPC errors over %s', (kind) => {
  it('a transaction with a bad signature: ProviderError -32050 with data.code TX_BAD_SIGNATURE', async () => {
    const e = await failure(chain.provider(kind).request('chain_sendRawTransaction', [await badlySignedRaw()]))
    expect(e.code).toBe(-32050)
    expect(e.data).toEqual({ code: 'TX_BAD_SIGNATURE' })
    expect(e.method).toBe('chain_sendRawTransaction')
  })

  it('bytes that are no transaction: -32050 with data.code TX_MALFORMED', async () => {
    const e = await failure(chain.provider(kind).request('chain_sendRawTransaction', ['0x00ff']))
    expect(e.code).toBe(-32050)
    expect(e.dataCode).toBe('TX_MALFORMED')
  })

  it('params that fail the schema: -32602 with data.issues pointing at the param', async () => {
    const e = await failure(chain.provider(kind).request('chain_getBalance', ['0xNOT']))
    expect(e.code).toBe(-32602)
    expect((e.data as { issues: Array<{ path: unknown[] }> }).issues[0]?.path).toEqual([0])
  })

  it('an unknown method: -32601', async () => {
    const e = await failure(chain.provider(kind).request('chain_nope', []))
    expect(e.code).toBe(-32601)
  })

  it('a wallet send refused by the node: the ProviderError reaches the caller and the nonce is given back', async () => {
    const p = chain.provider(kind)
    const poor = createWallet(Uint8Array.from({ length: 32 }, (_, i) => i + (kind === 'http' ? 1 : kind === 'ws' ? 2 : 3)), p)
    const e = await failure(poor.send({ type: 'transfer', to: poor.address }, { value: 1n }))
    expect(e.code).toBe(-32050)
    expect(e.dataCode).toBe('MEMPOOL_INSUFFICIENT_BALANCE')
    expect(await poor.nonces.next()).toBe(0n)
  })
})

describe('results are the same over every provider', () => {
  it('chain_info, balances, proofs and blocks: deep-equal across in-process, HTTP and WebSocket', async () => {
    const address = createWallet(0, chain.provider('in-process')).address
    const ask = async (kind: 'in-process' | 'http' | 'ws') => {
      const p = chain.provider(kind)
      return {
        info: await callRpc(p, 'chain_info', []),
        balance: await callRpc(p, 'chain_getBalance', [address]),
        proof: await callRpc(p, 'chain_getProof', [address, []]),
        block: await callRpc(p, 'chain_getBlockByNumber', ['latest', true]),
        call: await p.request('chain_call', [{ to: address, method: 'x', args: [1n] }]).catch((e: ProviderError) => e.code),
      }
    }
    const inProcess = await ask('in-process')
    expect(typeof inProcess.balance).toBe('string')
    expect(await ask('http')).toEqual(inProcess)
    expect(await ask('ws')).toEqual(inProcess)
  })
})

describe('HTTP transport failures', () => {
  it('nothing listening: ProviderError NETWORK_ERROR', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const p = createHttpProvider(`http://127.0.0.1:${port}`)
    const e = await failure(p.request('chain_blockNumber', []))
    expect(e.code).toBe('NETWORK_ERROR')
  })

  it('a server that never answers: REQUEST_TIMEOUT after timeoutMs', async () => {
    const server = createServer(() => {})
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const p = createHttpProvider(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { timeoutMs: 100 })
    try {
      const e = await failure(p.request('chain_blockNumber', []))
      expect(e.code).toBe('REQUEST_TIMEOUT')
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('an answer that is not JSON-RPC: BAD_RESPONSE', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const p = createHttpProvider(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    try {
      const e = await failure(p.request('chain_blockNumber', []))
      expect(e.code).toBe('BAD_RESPONSE')
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('after close(): PROVIDER_CLOSED', async () => {
    const p = createHttpProvider(chain.server.url)
    await p.close()
    const e = await failure(p.request('chain_blockNumber', []))
    expect(e.code).toBe('PROVIDER_CLOSED')
  })

  it('subscriptions over HTTP: the provider has no subscribe, rpc_subscribe is refused with -32009', async () => {
    const p = createHttpProvider(chain.server.url)
    expect(p.subscribe).toBeUndefined()
    const e = await failure(p.request('rpc_subscribe', ['newHeads']))
    expect(e.code).toBe(-32009)
    await p.close()
  })
})
