import { Worker, type TransferListItem } from 'node:worker_threads'

/**
 * Start a worker thread running the TypeScript module `entry` (the node runs from its sources).
 * tsx is resolved here, from this package: a worker's bare imports resolve from the working
 * directory, which in a user's project has no tsx of its own.
 */
export function spawnWorker(entry: URL, workerData?: unknown, transferList?: readonly TransferListItem[]): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(boot, { eval: true, workerData, ...(transferList ? { transferList: [...transferList] } : {}) })
}
