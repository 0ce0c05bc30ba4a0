import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import type * as ERC20 from '../../contracts/standard/ERC20.ts'
import { contractAt } from './contractAt.ts'
import { createWallet } from './createWallet.ts'
import { createWsProvider } from './createWsProvider.ts'
import { deployContract } from './deployContract.ts'
import { compiled, startTestChain, type TestChain } from './fixtures/testChain.ts'
import { ProviderError } from './ProviderError.ts'
import type { RpcLog } from './rpcSchema.ts'

let chain: TestChain
beforeAll(async () => {
  chain = await startTestChain()
})
afterAll(async () => {
  await chain.close()
})

/** Resolves with the first `count` values pushed to the returned callback. */
function collect<T>(count: number): { push: (v: T) => void; done: Promise<T[]> } {
  const seen: T[] = []
  let resolve!: (v: T[]) => void
  const done = new Promise<T[]>((r) => (resolve = r))
  return {
    push: (v) => {
      seen.push(v)
      if (seen.length === count) resolve(seen)
    },
    done,
  }
}

/** A WebSocket server that accepts and never answers: the client's requests stay pending. */
async function silentServer(): Promise<{ url: string; server: WebSocketServer }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('subscriptions over WebSocket', () => {
  it('contract.on: the logs subscription delivers a Transfer, decoded with bigints', async () => {
    const provider = chain.provider('ws')
    const wallet = createWallet(0, provider)
    const bob = createWallet(1, provider).address
    const token = await deployContract<typeof ERC20>(wallet, await compiled('contracts/standard/ERC20.ts'), ['T', 'T', 18, 1000n])
    const got = collect<{ args: unknown; blockHeight: number }>(1)
    const stop = await token.on('Transfer', got.push)
    const sent = await token.transfer(bob, 42n)
    const [event] = await got.done
    expect(event).toMatchObject({ args: { from: wallet.address, to: bob, value: 42n }, blockHeight: sent.receipt.blockHeight, txHash: sent.hash })
    await stop()
  })

  it('logs filter: events of another contract are not delivered', async () => {
    const provider = chain.provider('ws')
    const wallet = createWallet(0, provider)
    const artifact = await compiled('contracts/standard/ERC20.ts')
    const a = await deployContract<typeof ERC20>(wallet, artifact, ['A', 'A', 18, 1000n])
    const b = await deployContract<typeof ERC20>(wallet, artifact, ['B', 'B', 18, 1000n])
    const got = collect<RpcLog>(1)
    const stop = await provider.subscribe!('logs', { contract: a.address }, (log) => got.push(log as RpcLog))
    await b.transfer(wallet.address, 1n)
    await a.transfer(wallet.address, 2n)
    const [log] = await got.done
    expect(log?.contract).toBe(a.address)
    await stop()
  })

  it('newHeads: a head per mined block, as the node publishes it', async () => {
    const provider = chain.provider('ws')
    const got = collect<{ height: number }>(1)
    const stop = await provider.subscribe!('newHeads', undefined, (h) => got.push(h as { height: number }))
    const [mined] = (await provider.request('dev_mine', [1])) as string[]
    const [head] = await got.done
    expect(head).toMatchObject({ hash: mined })
    await stop()
  })

  it('in-process and WebSocket subscribers receive identical log payloads', async () => {
    const ws = chain.provider('ws')
    const inProcess = chain.provider('in-process')
    const wallet = createWallet(0, inProcess)
    const token = await deployContract<typeof ERC20>(wallet, await compiled('contracts/standard/ERC20.ts'), ['T', 'T', 18, 1000n])
    const viaWs = collect<unknown>(1)
    const viaProcess = collect<unknown>(1)
    const stops = [await ws.subscribe!('logs', { contract: token.address }, viaWs.push), await inProcess.subscribe!('logs', { contract: token.address }, viaProcess.push)]
    await token.transfer(wallet.address, 1n)
    expect(await viaWs.done).toEqual(await viaProcess.done)
    await Promise.all(stops.map((s) => s()))
  })

  it('a filter the node refuses: -32602 from rpc_subscribe', async () => {
    const e = await chain.provider('ws').subscribe!('logs', { nope: 1 }, () => {}).catch((error: unknown) => error)
    expect(e).toBeInstanceOf(ProviderError)
    expect((e as ProviderError).code).toBe(-32602)
  })
})

describe('connection failures', () => {
  it('the socket drops: pending requests reject with CONNECTION_CLOSED and subscriptions hear onError', async () => {
    const { url, server } = await silentServer()
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { id: number; method: string }
        if (msg.method === 'rpc_subscribe') socket.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: '0xsub' }))
        else setTimeout(() => socket.terminate(), 20) // never answer; drop the connection instead
      })
    })
    const provider = createWsProvider(url)
    const errors: ProviderError[] = []
    await provider.subscribe!('newHeads', undefined, () => {}, (e) => errors.push(e))
    const e = await provider.request('chain_blockNumber', []).catch((error: unknown) => error)
    expect(e).toBeInstanceOf(ProviderError)
    expect((e as ProviderError).code).toBe('CONNECTION_CLOSED')
    expect(errors.map((x) => x.code)).toEqual(['CONNECTION_CLOSED'])
    const after = await provider.request('chain_blockNumber', []).catch((error: unknown) => error)
    expect((after as ProviderError).code).toBe('CONNECTION_CLOSED')
    await provider.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('no answer within timeoutMs: REQUEST_TIMEOUT, the socket stays usable', async () => {
    const { url, server } = await silentServer()
    const provider = createWsProvider(url, { timeoutMs: 50 })
    const e = await provider.request('chain_blockNumber', []).catch((error: unknown) => error)
    expect((e as ProviderError).code).toBe('REQUEST_TIMEOUT')
    await provider.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('nothing listening: NETWORK_ERROR', async () => {
    const { url, server } = await silentServer()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const provider = createWsProvider(url)
    const e = await provider.request('chain_blockNumber', []).catch((error: unknown) => error)
    expect((e as ProviderError).code).toBe('NETWORK_ERROR')
    await provider.close()
  })

  it('close(): a request in flight rejects with PROVIDER_CLOSED, later ones too', async () => {
    const { url, server } = await silentServer()
    const provider = createWsProvider(url)
    const pending = provider.request('chain_blockNumber', []).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await provider.close()
    expect(((await pending) as ProviderError).code).toBe('PROVIDER_CLOSED')
    expect(((await provider.request('chain_blockNumber', []).catch((error: unknown) => error)) as ProviderError).code).toBe('PROVIDER_CLOSED')
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('contract.on over HTTP: SUBSCRIPTIONS_UNSUPPORTED', async () => {
    const artifact = await compiled('contracts/standard/ERC20.ts')
    const token = contractAt<typeof ERC20>(artifact, '0x' + '1'.repeat(40), chain.provider('http'))
    const e = await token.on('Transfer', () => {}).catch((error: unknown) => error)
    expect((e as ProviderError).code).toBe('SUBSCRIPTIONS_UNSUPPORTED')
  })
})
