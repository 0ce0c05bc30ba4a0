import type { ResolvedConfig, ResolvedNetwork } from '../config/resolveCheckedConfig.ts'
import { ToolkitError } from './errors.ts'

/** The global options, as given on the command line. */
export interface GlobalOptions {
  readonly config?: string
  readonly network?: string
  readonly verbose: boolean
}

/**
 * What a command's action gets: the working directory, the global options, output, and the
 * configuration (loaded once, on first use, so commands that need none do not pay for it).
 */
export interface CommandContext {
  readonly cwd: string
  readonly globals: GlobalOptions
  /** A line of results on stdout. */
  log(text?: string): void
  /** A line of diagnostics or progress on stderr. */
  warn(text: string): void
  /** The resolved config (defaults when the project has no config file). */
  config(): Promise<ResolvedConfig>
  /** The resolved config of a project: fails with TK_CONFIG_NOT_FOUND when there is no config file. */
  project(): Promise<ResolvedConfig>
  /** The network of --network, or the config's default. */
  network(): Promise<ResolvedNetwork>
}

/**
 * A command's action (the default export of `commands/<name>.ts`): positional arguments as
 * commander parsed them (a variadic one as an array), then the command's own options.
 */
export type CommandAction = (ctx: CommandContext, args: readonly unknown[], options: Record<string, unknown>) => Promise<void>

export interface ContextIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

/** A context over the given directory, options and output streams. */
export function createCommandContext(cwd: string, globals: GlobalOptions, io: ContextIo): CommandContext {
  let config: Promise<ResolvedConfig> | undefined
  const load = () =>
    (config ??= import('../config/loadConfig.ts').then(({ loadConfig }) => loadConfig(cwd, globals.config)))
  return {
    cwd,
    globals,
    log: (text = '') => io.stdout(text + '\n'),
    warn: (text) => io.stderr(text + '\n'),
    config: load,
    async project() {
      const c = await load()
      if (c.paths.config === undefined) {
        throw new ToolkitError('TK_CONFIG_NOT_FOUND', `no toolkit.config.ts in ${cwd} or any folder above it`)
      }
      return c
    },
    async network() {
      const [c, { resolveNetwork }] = await Promise.all([load(), import('../config/resolveCheckedConfig.ts')])
      return resolveNetwork(c, globals.network)
    },
  }
}
