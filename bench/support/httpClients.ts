/**
 * The client side of the HTTP node benchmarks, run as its own process (as a user's script talks
 * to a node): reads a job as JSON on stdin, sends it through the client library's HTTP provider,
 * and prints {"opsPerSecond": …} on stdout. Jobs:
 * - {"url", "kind": "send", "lists": [[hex, …], …], "warmup"}: one loop per list, all at once,
 *   each sending its raw transactions in order and reading each receipt back (must succeed);
 * - {"url", "kind": "call", "params", "clients", "count", "warmup"}: `clients` loops of chain_call.
 */
import { createHttpProvider } from '../../toolkit/client/index.ts'

interface SendJob { url: string; kind: 'send'; lists: string[][]; warmup: number }
interface CallJob { url: string; kind: 'call'; params: unknown[]; clients: number; count: number; warmup: number }

let input = ''
for await (const chunk of process.stdin) input += chunk
const job = JSON.parse(input) as SendJob | CallJob
const provider = createHttpProvider(job.url)
const post = (method: string, params: unknown[]) => provider.request(method, params) as Promise<any>

async function send(hex: string): Promise<void> {
  const hash = await post('chain_sendRawTransaction', [hex])
  if ((await post('chain_getTransactionReceipt', [hash]))?.status !== 'success') throw new Error('transaction failed')
}
async function view(params: unknown[]): Promise<void> {
  if ((await post('chain_call', params)).status !== 'success') throw new Error('view failed')
}

/** Runs loops(from, to) for the warm-up, then times loops(warmup, end) over `total` operations. */
async function timed(loops: (from: number, to: number | undefined) => Promise<unknown>, warmup: number, total: number): Promise<number> {
  await loops(0, warmup)
  const t = performance.now()
  await loops(warmup, undefined)
  return total / ((performance.now() - t) / 1000)
}

let opsPerSecond: number
if (job.kind === 'send') {
  const total = job.lists.reduce((n, l) => n + l.length - job.warmup, 0)
  opsPerSecond = await timed((from, to) => Promise.all(job.lists.map(async (list) => {
    for (let i = from; i < (to ?? list.length); i++) await send(list[i]!)
  })), job.warmup, total)
} else {
  const c = job as CallJob
  opsPerSecond = await timed((from, to) => Promise.all(Array.from({ length: c.clients }, async () => {
    for (let i = from; i < (to ?? c.warmup + c.count / c.clients); i++) await view(c.params)
  })), c.warmup, c.count)
}
await provider.close()
process.stdout.write(JSON.stringify({ opsPerSecond }) + '\n')
