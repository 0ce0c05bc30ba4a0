import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../../compiler/compileContract.ts'
import type { ResolvedNetwork } from '../../config/resolveConfig.ts'
import type { CommandAction, CommandContext } from '../CommandContext.ts'
import { compileProject } from '../compile/compileProject.ts'
import { deploymentsFile, readDeployments, writeDeployments } from '../deploy/deployments.ts'
import { runCommands } from '../dev/runCommands.ts'
import { sameMethods } from '../dev/sameMethods.ts'
import { startDevNode } from '../dev/startDevNode.ts'
import { untilStopped } from '../dev/untilStopped.ts'
import { ToolkitError, formatToolkitError } from '../errors.ts'
import deploy from './deploy.ts'
import { formatDiagnostic } from './compile.ts'

const DEBOUNCE_MS = 60
const NETWORK = 'dev'

function readArtifact(file: string): Artifact | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Artifact
  } catch {
    return undefined
  }
}

/**
 * `toolkit dev [--port 8545] [--block-time ms]`: a dev node in process, the project compiled and
 * deployed to it (deployments/dev.json), then the contracts folder watched. On a change the
 * project is compiled again (incrementally); each changed, deployed contract whose methods are
 * unchanged gets its new code in place with `dev_setCode` (same address, storage kept) when
 * `dev.onChange` is 'reload', else the deploy scripts run again with --reset. Then the
 * `dev.run` commands run. One line per change, plus a JSON line (`{"event":...}`) for tools.
 * A compile error is reported with file:line; the node keeps the previous code. Ctrl-C or
 * SIGTERM stops watching and the node; the exit code is 0.
 */
const dev: CommandAction = async (ctx, _args, options) => {
  const config = await ctx.project()
  const root = config.paths.root
  const node = await startDevNode(ctx, {
    port: options.port as number,
    host: options.host as string,
    ...(options.blockTime !== undefined ? { blockTimeMs: options.blockTime as number } : {}),
  })
  const network: ResolvedNetwork = {
    name: NETWORK,
    type: 'url',
    url: node.url,
    timeoutMs: 30_000,
    register: false,
    accounts: Array.from({ length: node.accountCount }, (_, index) => ({ type: 'dev' as const, index })),
  }
  const devCtx: CommandContext = { ...ctx, network: async () => network }
  const event = (e: Record<string, unknown>) => ctx.log(JSON.stringify(e))
  const file = deploymentsFile(config.paths.deployments, NETWORK)
  const artifactFile = (name: string) => path.join(config.paths.artifacts, `${name}.json`)
  const [{ createHttpProvider }, { callRpc }, { ProviderError }] = await Promise.all([
    import('../../client/createHttpProvider.ts'),
    import('../../client/callRpc.ts'),
    import('../../client/ProviderError.ts'),
  ])
  const provider = createHttpProvider(node.url)

  const redeploy = async (reset: boolean): Promise<boolean> => {
    try {
      await deploy(devCtx, [], { reset })
      return true
    } catch (error) {
      if (!(error instanceof ToolkitError)) throw error
      ctx.warn(formatToolkitError(error, ctx.globals.verbose))
      return false
    }
  }

  const runAfter = () =>
    runCommands(config.dev.run, root, (command, code) => {
      if (code === 0) return
      ctx.warn(formatToolkitError(new ToolkitError('TK_DEV_RUN_FAILED', `\`${command}\` exited with ${code ?? 'an error'}`), false))
    })

  /** One change: compile, reload or redeploy what changed, run the dev.run commands. */
  const handleChange = async (files: readonly string[]) => {
    const started = performance.now()
    const what = files.length > 0 ? files.join(', ') : 'contracts'
    const ms = () => Math.round(performance.now() - started)
    const records = readDeployments(file)
    const before = new Map<string, Artifact | undefined>()
    for (const name of new Set([...Object.keys(records)])) before.set(name, readArtifact(artifactFile(name)))

    let summary
    try {
      summary = await compileProject(config)
    } catch (error) {
      if (!(error instanceof ToolkitError)) throw error
      ctx.log(`${what} changed → ${error.code}: ${error.message} (the previous code keeps running)`)
      event({ event: 'compileError', message: error.message })
      return
    }
    for (const f of summary.failures) {
      const [first, ...rest] = f.errors.map((e) => formatDiagnostic({ ...e, file: e.file ?? f.source }))
      ctx.log(`${what} changed → compile error: ${first ?? f.source} (the previous code keeps running)`)
      for (const line of rest) ctx.log(`  ${line}`)
      const e0 = f.errors[0]
      event({ event: 'compileError', source: f.source, file: e0?.file ?? f.source, line: e0?.line ?? null, message: e0?.message ?? '' })
    }

    let needRedeploy = false
    const reloaded: string[] = []
    for (const c of summary.compiled) {
      const next = readArtifact(artifactFile(c.contract))
      if (!next) continue
      const old = before.get(c.contract)
      const record = records[c.contract]
      if (!record) {
        ctx.log(`${what} changed → compiled ${c.contract} (not deployed on the dev node) in ${ms()} ms`)
        event({ event: 'compiled', contract: c.contract, ms: ms() })
        continue
      }
      if (old?.codeHash === next.codeHash && record.codeHash === next.codeHash) continue
      if (config.dev.onChange !== 'reload' || !old || !sameMethods(old.abi, next.abi)) {
        needRedeploy = true
        continue
      }
      try {
        const r = await callRpc(provider, 'dev_setCode', [record.address, next.code])
        records[c.contract] = { ...record, codeHash: r.codeHash }
        writeDeployments(file, records)
        reloaded.push(c.contract)
        ctx.log(`${what} changed → reloaded ${c.contract} at ${record.address} in ${ms()} ms (storage kept)`)
        event({ event: 'reloaded', contract: c.contract, address: record.address, ms: ms() })
      } catch (error) {
        if (error instanceof ProviderError && error.code === -32053) {
          const data = error.data as { code?: string; reason?: string; line?: number } | undefined
          const tk = new ToolkitError('TK_DEV_CODE_REJECTED', `the node refused the new code of ${c.contract}: ${data?.code ?? ''} ${data?.reason ?? error.message}`.trim())
          ctx.log(`${what} changed → ${tk.code}: ${tk.message}${data?.line !== undefined ? ` (line ${data.line} of the bundle)` : ''} (the previous code keeps running)`)
          event({ event: 'reloadRejected', contract: c.contract, code: data?.code ?? null })
        } else if (error instanceof ProviderError && error.code === -32601) {
          needRedeploy = true // not a node with dev_setCode: fall back to a fresh deploy
        } else throw error
      }
    }

    if (needRedeploy) {
      const ok = await redeploy(true)
      const after = readDeployments(file)
      for (const c of summary.compiled) {
        const r = after[c.contract]
        if (!r || reloaded.includes(c.contract) || !records[c.contract]) continue
        if (ok) ctx.log(`${what} changed → redeployed ${c.contract} at ${r.address} in ${ms()} ms (storage reset)`)
        else ctx.log(`${what} changed → redeploy of ${c.contract} failed (see above; the previous code keeps running)`)
        event({ event: ok ? 'redeployed' : 'redeployFailed', contract: c.contract, address: r.address, ms: ms() })
      }
    }
    if (summary.compiled.length === 0 && summary.failures.length === 0) ctx.log(`${what} changed → no contract changed`)
    if (summary.compiled.length > 0) await runAfter()
  }

  // Changes are debounced, and handled one batch at a time.
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let busy: Promise<void> | undefined
  let stopping = false
  const flush = () => {
    timer = undefined
    if (busy || stopping) return
    const files = [...pending].sort()
    pending = new Set()
    busy = handleChange(files)
      .catch((error: unknown) => ctx.warn(error instanceof ToolkitError ? formatToolkitError(error, ctx.globals.verbose) : `dev: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        busy = undefined
        if (pending.size > 0 && !stopping) timer = setTimeout(flush, DEBOUNCE_MS)
      })
  }
  const contractsDir = config.paths.contracts
  let watcher: FSWatcher | undefined
  if (existsSync(contractsDir)) {
    watcher = watch(contractsDir, { recursive: true }, (_type, name) => {
      if (name && !String(name).endsWith('.ts')) return
      pending.add(name ? String(name) : '')
      pending.delete('')
      if (timer) clearTimeout(timer)
      timer = setTimeout(flush, DEBOUNCE_MS)
    })
  }
  // Watching starts before the first deploy: an edit made meanwhile is handled right after it.
  ctx.log(`Deploying to the dev node (deployments/${NETWORK}.json)`)
  busy = (async () => {
    if (await redeploy(false)) event({ event: 'deployed', url: node.url })
    await runAfter()
    ctx.log(`Watching ${path.relative(root, contractsDir) || '.'} (on change: ${config.dev.onChange}). Ctrl-C stops.`)
    event({ event: 'watching' })
    // Starting reused current artifacts, so TypeScript is not loaded yet: load the compiler now,
    // while nothing waits, rather than on the first edit (about half a second).
    void import('../../compiler/compileContract.ts').catch(() => {})
  })()
    .catch((error: unknown) => ctx.warn(error instanceof ToolkitError ? formatToolkitError(error, ctx.globals.verbose) : `dev: ${(error as Error).stack ?? String(error)}`))
    .finally(() => {
      busy = undefined
      if (pending.size > 0 && !stopping) timer = setTimeout(flush, DEBOUNCE_MS)
    })

  await untilStopped(ctx, '\nStopping…', async () => {
    stopping = true
    watcher?.close()
    if (timer) clearTimeout(timer)
    await busy
    await provider.close()
    await node.close()
  })
}

export default dev
