/**
 * `toolkit`: the command line. Commands are declared in one table (`commands.ts`); each one's
 * action is imported only when it runs, so `toolkit --help` loads commander and this file and
 * nothing else (no compiler, VM or node). Exit codes: 0 ok, 1 the command failed, 2 a usage or
 * configuration error. Every error prints as `TK_CODE: message` and `  → what to do`.
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { createCommandContext, type ContextIo, type GlobalOptions } from './CommandContext.ts'
import { COMMANDS } from './commands.ts'
import { formatToolkitError, ToolkitError } from './errors.ts'

export { createStdio } from './stdio.ts'

// Read as a file: a CommonJS require of it would initialise the CommonJS loader for this alone.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const defaultIo: ContextIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

function buildProgram(cwd: string, io: ContextIo): Command {
  const program = new Command('toolkit')
    .description('Compile, deploy, test and call TypeScript smart contracts on a tsvm chain.')
    .version(version, '-V, --version')
    .option('--config <file>', 'the config file (default: the nearest toolkit.config.ts)')
    .option('--network <name>', 'the network to use (default: the config\'s defaultNetwork, "devnet")')
    .option('--verbose', 'more output, and stack traces on errors', false)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} })
    .showSuggestionAfterError(true)

  for (const spec of COMMANDS) {
    const command = program.command(spec.name).description(spec.summary)
    for (const [syntax, description] of spec.arguments ?? []) command.argument(syntax, description)
    for (const o of spec.options ?? []) {
      if (o.parse) command.option(o.flags, o.description, o.parse as (value: string, previous: unknown) => unknown, o.default)
      else command.option(o.flags, o.description, o.default as string | boolean | undefined)
    }
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command
      const args = received.slice(0, -2)
      const all = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>()
      const globals: GlobalOptions = { verbose: Boolean(all.verbose), ...(all.config !== undefined ? { config: all.config } : {}), ...(all.network !== undefined ? { network: all.network } : {}) }
      const ctx = createCommandContext(cwd, globals, io)
      // The config loads while the command's module does (the command gets this same promise; a
      // failure is its to report, when it asks).
      if (spec.usesConfig) ctx.config().catch(() => {})
      // A --network that names nothing is an error whatever the command.
      if (globals.network !== undefined) await ctx.network()
      const { default: action } = await spec.load()
      await action(ctx, args, self.opts())
    })
  }
  return program
}

/**
 * Run the CLI on `argv` (`process.argv` form: node, script, then the arguments) in `cwd`.
 * Resolves with the exit code; never throws.
 */
export async function runCli(argv: readonly string[], options: { cwd?: string; io?: ContextIo } = {}): Promise<number> {
  const io = options.io ?? defaultIo
  const verbose = argv.includes('--verbose')
  let failure: unknown
  try {
    // An action's error rejects parseAsync, like commander's own usage errors (exitOverride).
    await buildProgram(options.cwd ?? process.cwd(), io).parseAsync([...argv])
    return 0
  } catch (error) {
    if (!(error instanceof CommanderError)) failure = error
    else if (error.exitCode === 0) return 0
    // `toolkit` alone: the help was printed (to stderr) as the answer to a usage error.
    else if (error.code === 'commander.help') return 2
    else failure = new ToolkitError('TK_USAGE', error.message.replace(/^error: /, ''))
  }
  let tkError: ToolkitError
  if (failure instanceof ToolkitError) tkError = failure
  else {
    const { toToolkitError } = await import('./toToolkitError.ts')
    tkError = toToolkitError(failure)
  }
  io.stderr(formatToolkitError(tkError, verbose) + '\n')
  return tkError.exitCode
}
