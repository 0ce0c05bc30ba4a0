import { request as httpRequest } from 'node:http'
import { connect as connectTcp } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { z } from 'zod'
import { createRpcServer, type RpcServer, type RpcServerOptions } from './createRpcServer.ts'
import { createSubscriptionMethods } from './createSubscriptionMethods.ts'
import { defineRpcMethod } from './defineRpcMethod.ts'
import { RpcError, rpcErrors } from './errors.ts'
import type { RpcLogger, RpcMethods } from './types.ts'

const E = Object.fromEntries(Object.entries(rpcErrors).map(([name, e]) => [name, e.code])) as { [K in keyof typeof rpcErrors]: number }

// ---- fixture: a small method table and a logger that remembers ----

type Logged = { level: 'warn' | 'error'; message: string; details: Record<string, unknown> | undefined }
const createLogger = (): RpcLogger & { lines: Logged[] } => {
  const lines: Logged[] = []
  return {
    lines,
    warn: (message, details) => void lines.push({ level: 'warn', message, details }),
    error: (message, details) => void lines.push({ level: 'error', message, details }),
  }
}

const notified: unknown[] = []
const logFilter = z.object({ address: z.string().optional() })

const aborted: string[] = []
const methods: RpcMethods = {
  echo: defineRpcMethod({ params: z.tuple([z.unknown()]), handler: ([value]) => value, description: 'Returns its argument.' }),
  add: defineRpcMethod({ params: z.tuple([z.number(), z.number()]), handler: ([a, b]) => a + b, description: 'Adds.' }),
  greet: defineRpcMethod({ params: z.object({ name: z.string() }), handler: ({ name }) => `hi ${name}`, description: 'Named params.' }),
  ping: defineRpcMethod({ params: z.tuple([]), handler: () => 'pong', description: 'Liveness.' }),
  balance: defineRpcMethod({ params: z.tuple([]), handler: () => ({ wei: 2n ** 100n, list: [1n, -5n] }), description: 'A bigint result.' }),
  record: defineRpcMethod({ params: z.tuple([z.unknown()]), handler: ([value]) => void notified.push(value), description: 'Side effect only.' }),
  boom: defineRpcMethod({
    params: z.tuple([]),
    handler: () => {
      throw new Error('secret database path /var/lib/x')
    },
    description: 'A host bug.',
  }),
  rejectDomain: defineRpcMethod({
    params: z.tuple([]),
    handler: async () => {
      throw new RpcError(-32050, 'Nonce too low', { expected: 3n })
    },
    description: 'A domain error.',
  }),
  cyclic: defineRpcMethod({
    params: z.tuple([]),
    handler: () => {
      const o: Record<string, unknown> = {}
      o.self = o
      return o
    },
    description: 'An unserializable result.',
  }),
  hang: defineRpcMethod({ params: z.tuple([]), handler: () => new Promise(() => {}), description: 'Never answers.' }),
  waitForAbort: defineRpcMethod({
    params: z.tuple([]),
    handler: (_params, context) => new Promise((resolve) => context.signal.addEventListener('abort', () => resolve(void aborted.push('aborted')))),
    description: 'Answers when its call is given up.',
  }),
  pushMe: defineRpcMethod({
    params: z.tuple([z.string()]),
    handler: ([text], context) => context.connection?.notify('hello', { text }) ?? false,
    description: 'Pushes a notification to the caller.',
  }),
  ...createSubscriptionMethods({
    newHeads: { description: 'Each new block header.' },
    logs: { description: 'Each matching event.', filter: logFilter },
  }),
}

let servers: RpcServer[] = []
const sockets: WebSocket[] = []
let clock = 0

async function start(options: Partial<RpcServerOptions> = {}): Promise<RpcServer> {
  const server = await createRpcServer({
    methods,
    logger: createLogger(),
    rateLimit: { capacity: 100_000, refillPerSecond: 100_000 },
    now: () => clock,
    ...options,
  })
  servers.push(server)
  return server
}

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate()
  await Promise.all(servers.map((s) => s.close()))
  servers = []
  notified.length = 0
})

// ---- HTTP and WebSocket clients ----

interface HttpReply {
  status: number
  headers: Headers
  text: string
  json: any
}

async function post(server: RpcServer, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<HttpReply> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : JSON.parse(text) }
}

const call = (server: RpcServer, method: string, params?: unknown, id: unknown = 1) =>
  post(server, JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }))

interface WsClient {
  ws: WebSocket
  send(message: unknown): void
  call(method: string, params?: unknown, id?: string | number): Promise<any>
  next(): Promise<any>
  notifications: any[]
  closed: Promise<number>
}

async function connect(server: RpcServer): Promise<WsClient> {
  const ws = new WebSocket(server.wsUrl)
  sockets.push(ws)
  const pending = new Map<unknown, (message: any) => void>()
  const notifications: any[] = []
  const waiting: ((message: any) => void)[] = []
  let nextId = 1
  ws.on('message', (data) => {
    const message = JSON.parse(String(data))
    const resolve = Array.isArray(message) ? undefined : pending.get(message.id)
    if (resolve !== undefined && message.method === undefined) {
      pending.delete(message.id)
      resolve(message)
    } else {
      const waiter = waiting.shift()
      if (waiter !== undefined) waiter(message)
      else notifications.push(message)
    }
  })
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    notifications,
    closed,
    send: (message) => ws.send(typeof message === 'string' || message instanceof Uint8Array ? message : JSON.stringify(message)),
    call(method, params, id = nextId++) {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }))
      return new Promise((resolve) => pending.set(id, resolve))
    },
    next: () => {
      const queued = notifications.shift()
      return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve))
    },
  }
}

const until = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 5))
  }
}

// ---- tests ----

describe('http', () => {
  it('valid call: answers the result with the same id', async () => {
    const server = await start()
    const reply = await call(server, 'add', [2, 3], 7)
    expect(reply.status).toBe(200)
    expect(reply.json).toEqual({ jsonrpc: '2.0', id: 7, result: 5 })
  })

  it('ids: string, number, fractional, negative and null come back exactly', async () => {
    const server = await start()
    for (const id of ['abc', '', 0, -42, 1.5, Number.MAX_SAFE_INTEGER, null]) {
      const reply = await call(server, 'ping', [], id)
      expect(reply.json.id).toStrictEqual(id)
      expect(reply.json.result).toBe('pong')
    }
  })

  it('named params: an object schema gets the object', async () => {
    const server = await start()
    expect((await call(server, 'greet', { name: 'ada' })).json.result).toBe('hi ada')
  })

  it('params omitted: treated as empty params', async () => {
    const server = await start()
    expect((await call(server, 'ping')).json.result).toBe('pong')
  })

  it('bigint in a result: serialized as a decimal string', async () => {
    const server = await start()
    const reply = await call(server, 'balance', [])
    expect(reply.json.result).toEqual({ wei: (2n ** 100n).toString(), list: ['1', '-5'] })
  })

  it('health: GET /health answers 200 with JSON', async () => {
    const server = await start()
    const res = await fetch(`${server.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('wrong HTTP method, path or content type: 405, 404, 415', async () => {
    const server = await start()
    expect((await fetch(server.url)).status).toBe(405)
    expect((await fetch(`${server.url}/nope`, { method: 'POST' })).status).toBe(404)
    const reply = await post(server, '{"jsonrpc":"2.0","id":1,"method":"ping"}', { 'content-type': 'text/plain' })
    expect(reply.status).toBe(415)
    expect(reply.json.error.code).toBe(E.INVALID_REQUEST)
  })

  it('content type with a charset parameter: accepted', async () => {
    const server = await start()
    const reply = await post(server, '{"jsonrpc":"2.0","id":1,"method":"ping"}', { 'content-type': 'Application/JSON; charset=utf-8' })
    expect(reply.json.result).toBe('pong')
  })
})

describe('errors', () => {
  it('malformed JSON: -32700 with id null', async () => {
    const server = await start()
    const reply = await post(server, '{"jsonrpc":"2.0","id":1,"method":')
    expect(reply.status).toBe(200)
    expect(reply.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: E.PARSE_ERROR } })
  })

  it('invalid UTF-8: -32700', async () => {
    const server = await start()
    const body = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"echo","params":["'), Buffer.from([0xc3, 0x28]), Buffer.from('"]}')])
    expect((await post(server, body)).json.error.code).toBe(E.PARSE_ERROR)
  })

  it('not a request object: -32600', async () => {
    const server = await start()
    for (const body of ['1', '"x"', 'null', 'true', '{"jsonrpc":"1.0","id":1,"method":"ping"}', '{"jsonrpc":"2.0","id":1,"method":5}', '{"jsonrpc":"2.0","id":1,"method":"echo","params":"x"}', '{"jsonrpc":"2.0","id":1}']) {
      const reply = await post(server, body)
      expect(reply.json.error.code, body).toBe(E.INVALID_REQUEST)
    }
  })

  it('invalid request with a valid id: the id is echoed', async () => {
    const server = await start()
    const reply = await post(server, '{"jsonrpc":"1.0","id":"k","method":"ping"}')
    expect(reply.json).toMatchObject({ id: 'k', error: { code: E.INVALID_REQUEST } })
  })

  it('ids that cannot come back exactly (unsafe integer, 1e400, long string, object): -32600 with id null', async () => {
    const server = await start()
    for (const id of ['12345678901234567890123', '1e400', '-1e400', `"${'x'.repeat(129)}"`, '{"a":1}', '[1]', 'true']) {
      const reply = await post(server, `{"jsonrpc":"2.0","id":${id},"method":"ping"}`)
      expect(reply.json, id).toMatchObject({ id: null, error: { code: E.INVALID_REQUEST } })
    }
  })

  it('unknown method, including Object.prototype names: -32601', async () => {
    const server = await start()
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'rpc.discover']) {
      expect((await call(server, name, [])).json.error.code, name).toBe(E.METHOD_NOT_FOUND)
    }
  })

  it('wrong param types: -32602 with the issues summarized in data', async () => {
    const server = await start()
    const reply = await call(server, 'add', [1, 'two'])
    expect(reply.json.error.code).toBe(E.INVALID_PARAMS)
    expect(reply.json.error.data.issues).toEqual([expect.objectContaining({ path: [1], code: 'invalid_type' })])
    expect((await call(server, 'add', { a: 1 })).json.error.code).toBe(E.INVALID_PARAMS)
    expect((await call(server, 'greet', [])).json.error.code).toBe(E.INVALID_PARAMS)
  })

  it('handler throws a plain Error: -32603 without message or stack, and the error is logged', async () => {
    const logger = createLogger()
    const server = await start({ logger })
    const reply = await call(server, 'boom', [])
    expect(reply.json.error.code).toBe(E.INTERNAL_ERROR)
    expect(reply.json.error.data).toBeUndefined()
    expect(reply.text).not.toContain('secret')
    expect(reply.text).not.toContain('.ts:')
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', details: expect.objectContaining({ method: 'boom', error: expect.any(Error) }) })])
  })

  it('handler throws RpcError: its code, message and data (bigint as string) reach the client', async () => {
    const server = await start()
    const reply = await call(server, 'rejectDomain', [])
    expect(reply.json.error).toMatchObject({ code: -32050, data: { expected: '3' } })
  })

  it('result that cannot be serialized: -32603', async () => {
    const server = await start()
    expect((await call(server, 'cyclic', [])).json.error.code).toBe(E.INTERNAL_ERROR)
  })

  it('handler slower than the timeout: -32008, and the server keeps serving', async () => {
    const server = await start({ handlerTimeoutMs: 50 })
    const reply = await call(server, 'hang', [])
    expect(reply.json.error).toMatchObject({ code: E.TIMEOUT, data: { timeoutMs: 50 } })
    expect((await call(server, 'ping', [])).json.result).toBe('pong')
  })

  it('HTTP client hangs up before the answer: the handler is told (its signal aborts), the server keeps serving', async () => {
    const server = await start()
    aborted.length = 0
    const req = httpRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json' } })
    req.on('error', () => {})
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'waitForAbort', params: [] }))
    await new Promise((r) => setTimeout(r, 50))
    expect(aborted).toEqual([])
    req.destroy()
    await until(() => aborted.length === 1)
    expect((await call(server, 'ping', [])).json.result).toBe('pong')
  })

  it('subscription method over HTTP: -32009', async () => {
    const server = await start()
    expect((await call(server, 'rpc_subscribe', ['newHeads'])).json.error.code).toBe(E.TRANSPORT_UNSUPPORTED)
  })
})

describe('batches and notifications', () => {
  it('batch with mixed entries: one reply per non-notification, matched by id', async () => {
    const server = await start()
    const reply = await post(
      server,
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'add', params: [1, 2] },
        { jsonrpc: '2.0', id: 'two', method: 'nope' },
        { jsonrpc: '2.0', method: 'record', params: ['n'] },
        { jsonrpc: '2.0', id: 3, method: 'add', params: ['x'] },
        5,
        { jsonrpc: '2.0', id: null, method: 'boom' },
      ]),
    )
    expect(reply.status).toBe(200)
    expect(reply.json).toHaveLength(5)
    const byId = (id: unknown) => reply.json.filter((r: any) => r.id === id)
    expect(byId(1)[0].result).toBe(3)
    expect(byId('two')[0].error.code).toBe(E.METHOD_NOT_FOUND)
    expect(byId(3)[0].error.code).toBe(E.INVALID_PARAMS)
    expect(byId(null).map((r: any) => r.error.code).sort()).toEqual([E.INTERNAL_ERROR, E.INVALID_REQUEST].sort())
    expect(notified).toEqual(['n'])
  })

  it('empty batch: -32600', async () => {
    const server = await start()
    expect((await post(server, '[]')).json).toMatchObject({ id: null, error: { code: E.INVALID_REQUEST } })
  })

  it('batch over the limit: -32007 and no entry runs', async () => {
    const server = await start({ maxBatchSize: 3 })
    const batch = Array.from({ length: 4 }, (_, i) => ({ jsonrpc: '2.0', method: 'record', params: [i] }))
    expect((await post(server, JSON.stringify(batch))).json.error).toMatchObject({ code: E.BATCH_TOO_LARGE, data: { maxBatchSize: 3 } })
    expect(notified).toEqual([])
  })

  it('notification: no reply (204), the handler runs', async () => {
    const server = await start()
    const reply = await post(server, '{"jsonrpc":"2.0","method":"record","params":["x"]}')
    expect(reply.status).toBe(204)
    expect(reply.text).toBe('')
    expect(notified).toEqual(['x'])
  })

  it('notification whose call fails: still no reply', async () => {
    const server = await start()
    for (const body of ['{"jsonrpc":"2.0","method":"nope"}', '{"jsonrpc":"2.0","method":"add","params":[]}', '{"jsonrpc":"2.0","method":"boom"}']) {
      expect((await post(server, body)).status, body).toBe(204)
    }
  })

  it('batch of only notifications: 204 with no body', async () => {
    const server = await start()
    const reply = await post(server, JSON.stringify([{ jsonrpc: '2.0', method: 'record', params: [1] }, { jsonrpc: '2.0', method: 'record', params: [2] }]))
    expect(reply.status).toBe(204)
    expect(notified).toEqual([1, 2])
  })
})

describe('limits', () => {
  it('body over the limit with content-length: 413 and -32006, then the server keeps serving', async () => {
    const server = await start({ maxBodyBytes: 1024 })
    const reply = await post(server, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['x'.repeat(4096)] }))
    expect(reply.status).toBe(413)
    expect(reply.json.error).toMatchObject({ code: E.REQUEST_TOO_LARGE, data: { maxBytes: 1024 } })
    expect((await call(server, 'ping', [])).json.result).toBe('pong')
  })

  it('default limit: a 5 MiB body is refused with 413 and -32006', async () => {
    const server = await start()
    const reply = await post(server, 'x'.repeat(5 * 1024 * 1024))
    expect(reply.status).toBe(413)
    expect(reply.json.error.code).toBe(E.REQUEST_TOO_LARGE)
  })

  it('Expect: 100-continue with an oversized content-length: 413 before any body is sent', async () => {
    const server = await start({ maxBodyBytes: 1024 })
    const { status, continued } = await new Promise<{ status: number | undefined; continued: boolean }>((resolve, reject) => {
      let continued = false
      const req = httpRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1_000_000, expect: '100-continue' } })
      req.on('continue', () => (continued = true))
      req.on('response', (res) => {
        res.resume()
        resolve({ status: res.statusCode, continued })
        req.destroy()
      })
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(status).toBe(413)
    expect(continued).toBe(false)
  })

  it('chunked body over the limit (no content-length): 413 and -32006', async () => {
    const server = await start({ maxBodyBytes: 1024 })
    const chunk = new TextEncoder().encode('x'.repeat(512))
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 16; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(E.REQUEST_TOO_LARGE)
  })

  it('rate limit: calls over the burst get -32005 with retryAfterMs (HTTP 429), and succeed again after refill', async () => {
    clock = 0
    const server = await start({ rateLimit: { capacity: 3, refillPerSecond: 1 } })
    for (let i = 0; i < 3; i++) expect((await call(server, 'ping', [], i)).json.result).toBe('pong')
    const limited = await call(server, 'ping', [], 'late')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(limited.json).toMatchObject({ id: 'late', error: { code: E.RATE_LIMITED, data: { retryAfterMs: 1000 } } })
    clock += 1000
    expect((await call(server, 'ping', [])).json.result).toBe('pong')
    expect((await call(server, 'ping', [])).json.error.code).toBe(E.RATE_LIMITED)
  })

  it('rate limit in a batch: entries past the tokens get -32005, earlier ones run', async () => {
    clock = 0
    const server = await start({ rateLimit: { capacity: 2, refillPerSecond: 1 } })
    const batch = [1, 2, 3, 4].map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }))
    const reply = await post(server, JSON.stringify(batch))
    expect(reply.status).toBe(200)
    expect(reply.json.map((r: any) => r.result ?? r.error.code)).toEqual(['pong', 'pong', E.RATE_LIMITED, E.RATE_LIMITED])
    expect(reply.json.map((r: any) => r.id)).toEqual([1, 2, 3, 4])
  })

  it('rate limit: garbage is limited too, and a limited client does not crash the server', async () => {
    clock = 0
    const server = await start({ rateLimit: { capacity: 1, refillPerSecond: 1 } })
    expect((await post(server, 'garbage')).json.error.code).toBe(E.PARSE_ERROR)
    expect((await post(server, 'garbage')).json.error.code).toBe(E.RATE_LIMITED)
    clock += 1000
    expect((await call(server, 'ping', [])).json.result).toBe('pong')
  })

  it('rate limit is per address and shared by HTTP and WebSocket', async () => {
    clock = 0
    const server = await start({ rateLimit: { capacity: 2, refillPerSecond: 1 } })
    await call(server, 'ping', [])
    const client = await connect(server)
    expect((await client.call('ping', [])).result).toBe('pong')
    const limited = await client.call('ping', [])
    expect(limited.error.code).toBe(E.RATE_LIMITED)
    expect(limited.id).toBe(2)
  })

  it('barrage of 200 malformed requests: each gets an error, then a valid request succeeds', async () => {
    const logger = createLogger()
    const server = await start({ logger })
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
    const bodies: (string | Uint8Array)[] = [
      deep(100_000),
      '['.repeat(200_000),
      `{"jsonrpc":"2.0","id":1,"method":"add","params":${deep(50_000)}}`,
      `{"jsonrpc":"2.0","id":1,"method":"echo","params":[${deep(20_000)}]}`,
      `{"jsonrpc":"2.0","id":1,"method":"add","params":[1e999999,2]}`,
      `{"jsonrpc":"2.0","id":${'9'.repeat(5000)},"method":"ping"}`,
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"__proto__":{"polluted":true}}}',
      Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x80]),
      Buffer.from([0xed, 0xa0, 0x80]),
      '',
      '\u0000',
    ]
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    while (bodies.length < 200) {
      bodies.push(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256))))
    }
    for (const body of bodies) {
      const reply = await post(server, body)
      expect(reply.status).toBe(200)
      const code = reply.json.error?.code ?? reply.json[0]?.error?.code
      expect([E.PARSE_ERROR, E.INVALID_REQUEST, E.INVALID_PARAMS, E.INTERNAL_ERROR]).toContain(code)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((await call(server, 'add', [1, 2])).json.result).toBe(3)
    const client = await connect(server)
    for (const body of bodies.slice(0, 50)) client.send(body)
    expect(await client.call('add', [2, 2], 'after-barrage')).toMatchObject({ id: 'after-barrage', result: 4 })
  })
})

describe('websocket', () => {
  it('request/response: the same methods answer over WebSocket with ids preserved', async () => {
    const server = await start()
    const client = await connect(server)
    expect(await client.call('add', [20, 22])).toEqual({ jsonrpc: '2.0', id: 1, result: 42 })
    expect((await client.call('nope', [])).error.code).toBe(E.METHOD_NOT_FOUND)
  })

  it('batch over WebSocket: one array reply', async () => {
    const server = await start()
    const client = await connect(server)
    client.send([{ jsonrpc: '2.0', id: 'a', method: 'ping' }, { jsonrpc: '2.0', id: 'b', method: 'add', params: [1, 1] }])
    const reply = await client.next()
    expect(reply).toEqual([{ jsonrpc: '2.0', id: 'a', result: 'pong' }, { jsonrpc: '2.0', id: 'b', result: 2 }])
  })

  it('malformed message: -32700, and the connection stays usable', async () => {
    const server = await start()
    const client = await connect(server)
    client.send('{oops')
    expect((await client.next()).error.code).toBe(E.PARSE_ERROR)
    client.send(Buffer.from([0xff, 0x00]))
    expect((await client.next()).error.code).toBe(E.PARSE_ERROR)
    expect((await client.call('ping', [])).result).toBe('pong')
  })

  it('frame over maxPayload: the socket is closed with 1009 and the server keeps serving', async () => {
    const server = await start({ maxBodyBytes: 1024 })
    const client = await connect(server)
    client.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['x'.repeat(4096)] }))
    expect(await client.closed).toBe(1009)
    const other = await connect(server)
    expect((await other.call('ping', [])).result).toBe('pong')
  })

  it('connections over maxConnections: the upgrade is refused with 503', async () => {
    const server = await start({ maxConnections: 2 })
    await connect(server)
    await connect(server)
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(server.wsUrl)
      sockets.push(ws)
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode))
      ws.on('open', () => resolve(undefined))
      ws.on('error', () => {})
    })
    expect(status).toBe(503)
    expect(server.stats().connections).toBe(2)
  })

  it('context.connection.notify: pushes a notification to the calling socket', async () => {
    const server = await start()
    const client = await connect(server)
    expect((await client.call('pushMe', ['yo'])).result).toBe(true)
    expect(await client.next()).toEqual({ jsonrpc: '2.0', method: 'hello', params: { text: 'yo' } })
  })
})

describe('subscriptions', () => {
  it('publish with a filter: only matching subscriptions receive it; unsubscribe stops delivery', async () => {
    const server = await start()
    const a = await connect(server)
    const b = await connect(server)
    const subA = (await a.call('rpc_subscribe', ['logs', { address: '0xaa' }])).result
    const subB = (await b.call('rpc_subscribe', ['logs', {}])).result
    expect(typeof subA).toBe('string')
    const matches = (log: { address: string }) => (f: z.infer<typeof logFilter>) => f.address === undefined || f.address === log.address

    expect(server.publish('logs', { address: '0xbb', amount: 5n }, matches({ address: '0xbb' }))).toBe(1)
    expect(server.publish('logs', { address: '0xaa', amount: 7n }, matches({ address: '0xaa' }))).toBe(2)
    expect(await b.next()).toEqual({ jsonrpc: '2.0', method: 'subscription', params: { subscription: subB, result: { address: '0xbb', amount: '5' } } })
    expect(await b.next()).toMatchObject({ params: { subscription: subB, result: { address: '0xaa' } } })
    expect(await a.next()).toEqual({ jsonrpc: '2.0', method: 'subscription', params: { subscription: subA, result: { address: '0xaa', amount: '7' } } })

    expect((await a.call('rpc_unsubscribe', [subA])).result).toBe(true)
    expect(server.publish('logs', { address: '0xaa' }, matches({ address: '0xaa' }))).toBe(1)
    expect((await a.call('ping', [])).result).toBe('pong')
    expect(a.notifications).toEqual([])
  })

  it('topic without a filter: every subscriber receives each publish', async () => {
    const server = await start()
    const client = await connect(server)
    const id = (await client.call('rpc_subscribe', ['newHeads'])).result
    server.publish('newHeads', { height: 1n })
    expect(await client.next()).toMatchObject({ params: { subscription: id, result: { height: '1' } } })
    expect(server.publish('pendingTransactions', {})).toBe(0)
  })

  it('bad subscribe params: unknown topic, invalid filter, filter on a filterless topic → -32602', async () => {
    const server = await start()
    const client = await connect(server)
    expect((await client.call('rpc_subscribe', ['nope'])).error.code).toBe(E.INVALID_PARAMS)
    const bad = await client.call('rpc_subscribe', ['logs', { address: 5 }])
    expect(bad.error.code).toBe(E.INVALID_PARAMS)
    expect(bad.error.data.issues[0].path).toEqual([1, 'address'])
    expect((await client.call('rpc_subscribe', ['newHeads', { x: 1 }])).error.code).toBe(E.INVALID_PARAMS)
  })

  it("unsubscribe an unknown id or another connection's id: -32010", async () => {
    const server = await start()
    const a = await connect(server)
    const b = await connect(server)
    const id = (await a.call('rpc_subscribe', ['newHeads'])).result
    expect((await b.call('rpc_unsubscribe', [id])).error.code).toBe(E.SUBSCRIPTION_NOT_FOUND)
    expect((await a.call('rpc_unsubscribe', ['0xdead'])).error.code).toBe(E.SUBSCRIPTION_NOT_FOUND)
    expect((await a.call('rpc_unsubscribe', [id])).result).toBe(true)
    expect((await a.call('rpc_unsubscribe', [id])).error.code).toBe(E.SUBSCRIPTION_NOT_FOUND)
  })

  it('subscriptions past the per-connection cap: -32011', async () => {
    const server = await start({ maxSubscriptionsPerConnection: 2 })
    const client = await connect(server)
    await client.call('rpc_subscribe', ['newHeads'])
    await client.call('rpc_subscribe', ['newHeads'])
    expect((await client.call('rpc_subscribe', ['newHeads'])).error).toMatchObject({ code: E.TOO_MANY_SUBSCRIPTIONS, data: { maxSubscriptions: 2 } })
  })

  it('socket close: its subscriptions are removed', async () => {
    const server = await start()
    const a = await connect(server)
    const b = await connect(server)
    await a.call('rpc_subscribe', ['newHeads'])
    await a.call('rpc_subscribe', ['logs', {}])
    await b.call('rpc_subscribe', ['newHeads'])
    expect(server.stats()).toEqual({ connections: 2, subscriptions: 3 })
    a.ws.close()
    await until(() => server.stats().connections === 1)
    expect(server.stats().subscriptions).toBe(1)
    expect(server.publish('newHeads', {})).toBe(1)
  })

  it('slow consumer: a send queue over maxBufferedBytes terminates the socket and frees its subscriptions', async () => {
    const logger = createLogger()
    const server = await start({ logger, maxBufferedBytes: 64 * 1024 })
    const client = await connect(server)
    await client.call('rpc_subscribe', ['newHeads'])
    // Stop reading on the client side, as a stalled consumer would.
    ;(client.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    const payload = { blob: 'x'.repeat(256 * 1024) }
    let published = 0
    while (server.stats().connections === 1 && published < 2000) {
      server.publish('newHeads', payload)
      published++
      await new Promise((r) => setImmediate(r))
    }
    await until(() => server.stats().connections === 0)
    expect(server.stats().subscriptions).toBe(0)
    expect(logger.lines.some((line) => line.level === 'warn' && typeof line.details?.bufferedAmount === 'number')).toBe(true)
  })
})

describe('close', () => {
  it('close: resolves with keep-alive HTTP, open sockets and a pending handler, and releases the port', async () => {
    const server = await start()
    await call(server, 'ping', [])
    const client = await connect(server)
    const pending = client.call('hang', [])
    // A client stuck halfway through sending its body.
    const half = connectTcp(server.port, '127.0.0.1')
    half.on('error', () => {})
    half.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{')
    const halfClosed = new Promise((r) => half.on('close', r))
    await new Promise((r) => setTimeout(r, 20))
    const closed = await Promise.race([server.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('timeout'), 2000))])
    expect(closed).toBe('closed')
    await halfClosed
    expect(await client.closed).toBe(1006)
    void pending
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      httpRequest(server.url, { method: 'POST' }).on('error', resolve).end()
    })
    expect(error.code).toBe('ECONNREFUSED')
    await server.close()
  })

  it('close: a process that used the server exits on its own (no open handles)', async () => {
    const { spawn } = await import('node:child_process')
    const script = `
      import { z } from 'zod'
      import { WebSocket } from 'ws'
      import { createRpcServer } from ${JSON.stringify(new URL('./createRpcServer.ts', import.meta.url).pathname)}
      const server = await createRpcServer({ methods: { ping: { params: z.tuple([]), handler: () => 'pong', description: '' }, hang: { params: z.tuple([]), handler: () => new Promise(() => {}), description: '' } } })
      await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' }).then((r) => r.text())
      const ws = new WebSocket(server.wsUrl)
      ws.on('error', () => {})
      await new Promise((r) => ws.once('open', r))
      ws.send('{"jsonrpc":"2.0","id":2,"method":"hang"}')
      await new Promise((r) => setTimeout(r, 50))
      await server.close()
      console.log('closed')
    `
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve(null)
      }, 20_000)
      child.on('exit', (c) => {
        clearTimeout(timer)
        resolve(c)
      })
    })
    expect(out).toContain('closed')
    expect(code).toBe(0)
  })
})
