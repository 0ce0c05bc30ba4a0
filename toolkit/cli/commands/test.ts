import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CommandAction } from '../CommandContext.ts'
import { ToolkitError } from '../errors.ts'
import compile from './compile.ts'

/**
 * `toolkit test [pattern] [--network name] [--gas]`: compile (as `toolkit compile`), then run
 * the project's own vitest (`node_modules/.bin/vitest run [pattern]`) with inherited output.
 * `--network` points the tests at a node (TSVM_NETWORK_URL); `--gas` collects every
 * transaction's gas (TSVM_GAS_REPORT) and prints the table after the run. Failing tests:
 * TK_TESTS_FAILED (exit 1).
 */
const test: CommandAction = async (ctx, args, options) => {
  const config = await ctx.project()
  const root = config.paths.root
  const vitest = path.join(root, 'node_modules', '.bin', 'vitest')
  if (!existsSync(vitest)) throw new ToolkitError('TK_VITEST_MISSING', `no vitest in ${path.join(root, 'node_modules')}`)

  const env: NodeJS.ProcessEnv = { ...process.env }
  if (ctx.globals.network !== undefined) {
    const network = await ctx.network()
    if (network.type !== 'url') {
      throw new ToolkitError('TK_NETWORK_IN_PROCESS', `network "${network.name}" is an in-process devnet, which tests use by default`)
    }
    env.TSVM_NETWORK_URL = network.url
  }

  await compile(ctx, [], {})
  // The tests deploy what compile just wrote instead of compiling again (loadArtifact.ts).
  env.TSVM_ARTIFACTS_DIR = config.paths.artifacts

  const gasDir = options.gas === true ? mkdtempSync(path.join(os.tmpdir(), 'toolkit-gas-')) : undefined
  const gasFile = gasDir && path.join(gasDir, 'gas.jsonl')
  if (gasFile) env.TSVM_GAS_REPORT = gasFile
  try {
    const pattern = args[0] as string | undefined
    const code = await new Promise<number | null>((resolve, reject) => {
      // Run through this node: the bin is a JS file (a symlink into the vitest package) on every platform.
      const child = spawn(process.execPath, [vitest, 'run', ...(pattern ? [pattern] : [])], { cwd: root, env, stdio: 'inherit' })
      child.on('error', reject)
      child.on('close', (c, signal) => resolve(signal ? null : c))
    })
    if (gasFile) {
      const { formatGasReport, readGasReport } = await import('../../testing/formatGasReport.ts')
      const records = existsSync(gasFile) ? readGasReport(gasFile) : []
      ctx.log('')
      ctx.log(records.length > 0 ? formatGasReport(records) : 'Gas report: no transactions were sent.')
    }
    if (code !== 0) throw new ToolkitError('TK_TESTS_FAILED', code === null ? 'vitest was stopped by a signal' : `vitest exited with code ${code}`)
  } finally {
    if (gasDir) rmSync(gasDir, { recursive: true, force: true })
  }
}

export default test
