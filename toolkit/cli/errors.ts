/**
 * The one registry of the toolkit's error codes (the CLI surface, and the config loader it
 * uses). Each entry has the process exit code and what to do. Codes are stable API: tests and
 * tools match on them, never on message text.
 *
 * Exit codes: 0 ok; 1 the command ran and failed (a compile error, a reverted call, a node
 * that cannot be reached); 2 the command could not start as invoked (arguments, options,
 * configuration, an unknown network or account).
 */
export const TOOLKIT_ERRORS = {
  // ---- usage and configuration: exit 2 ----
  TK_USAGE: { exitCode: 2, hint: 'Run `toolkit <command> --help` for its arguments and options.' },
  TK_CONFIG_NOT_FOUND: {
    exitCode: 2,
    hint: 'Run the command inside a project (a folder with toolkit.config.ts, or below one), or pass --config <file>.',
  },
  TK_CONFIG_LOAD_FAILED: {
    exitCode: 2,
    hint: 'Fix the config file: it is imported as a TypeScript module and must load without throwing and `export default defineConfig({...})`.',
  },
  TK_CONFIG_INVALID: { exitCode: 2, hint: 'Fix the fields listed above in the config file (the shape is the type of defineConfig).' },
  TK_UNKNOWN_NETWORK: { exitCode: 2, hint: 'Use one of the networks listed, or add it under `networks` in toolkit.config.ts.' },
  TK_ACCOUNT_UNAVAILABLE: {
    exitCode: 2,
    hint: "Pick an account the network has (--from <index>, see `toolkit accounts`), or set the environment variable its 'env:' entry names.",
  },
  TK_INVALID_ARGUMENT: {
    exitCode: 2,
    hint: 'Arguments are JSON when they parse as JSON, else strings; bigint amounts may be written as plain integers, addresses as 0x + 40 lowercase hex.',
  },
  TK_UNKNOWN_METHOD: { exitCode: 2, hint: 'Use a method of the contract: `call` runs views, `send` runs state-changing calls (the methods are listed above).' },
  TK_INIT_DIR_NOT_EMPTY: {
    exitCode: 2,
    hint: 'Choose an empty or new folder (`toolkit init <dir>`), or pass --force to write the template over what is there.',
  },
  TK_NETWORK_IN_PROCESS: {
    exitCode: 2,
    hint: 'Tests already run on an in-process devnet by default: omit --network, or name a network with a url (a node from `toolkit node`).',
  },
  TK_VITEST_MISSING: { exitCode: 2, hint: 'Run `npm install` in the project: `toolkit test` runs the project\'s own vitest (node_modules/.bin/vitest).' },
  TK_NO_ARTIFACT: { exitCode: 2, hint: 'Run `toolkit compile` first, and name the contract by its file name without .ts (the artifacts are listed above).' },
  // ---- the command ran and failed: exit 1 ----
  TK_COMPILE_FAILED: { exitCode: 1, hint: 'Fix the errors listed above and run `toolkit compile` again.' },
  TK_DUPLICATE_CONTRACT_NAME: {
    exitCode: 1,
    hint: 'Artifacts are named after the file: rename one of the contract files so that every contract name is unique.',
  },
  TK_NETWORK_UNREACHABLE: { exitCode: 1, hint: 'Start the node (`toolkit node`) or check the network URL in toolkit.config.ts.' },
  TK_RPC_ERROR: { exitCode: 1, hint: 'The node refused the request: see its code above; check the arguments and that the node is a tsvm node.' },
  TK_TX_REJECTED: {
    exitCode: 1,
    hint: 'The node refused the transaction before running it (nonce, balance for gas, size): see its code above.',
  },
  TK_CALL_FAILED: {
    exitCode: 1,
    hint: 'The contract ran and failed at the line shown: check the arguments, the sender (--from) and the contract state.',
  },
  TK_NO_REGISTRY: {
    exitCode: 2,
    hint: 'Set networks.<name>.registry in toolkit.config.ts to the address of a DAppRegistry (deploy contracts/standard/DAppRegistry.ts once per chain).',
  },
  TK_TESTS_FAILED: { exitCode: 1, hint: 'Fix the failing tests reported above and run `toolkit test` again.' },
  TK_DEPLOY_SCRIPT_FAILED: {
    exitCode: 1,
    hint: 'Fix the deploy script (or the contract, at the line shown); contracts deployed before the failure are recorded and reused on the next run.',
  },
  TK_INIT_INSTALL_FAILED: { exitCode: 1, hint: 'See the npm output above; fix the cause and run `npm install` in the new project.' },
  TK_PORT_IN_USE: { exitCode: 1, hint: 'Stop the process on that port or choose another with --port (0 picks a free one).' },
  TK_NODE_START_FAILED: { exitCode: 1, hint: 'See the node code above; for NODE_CHAIN_MISMATCH use another --data-dir or the matching settings.' },
  TK_DEV_CODE_REJECTED: {
    exitCode: 1,
    hint: 'The dev node refused the new code (dev_setCode, -32053): fix the contract at the reason shown; the previous code keeps running.',
  },
  TK_DEV_RUN_FAILED: { exitCode: 1, hint: 'A `dev.run` command of toolkit.config.ts failed: see its output above (`toolkit dev` keeps watching).' },
  TK_INTERNAL: { exitCode: 1, hint: 'This is a bug in the toolkit: run again with --verbose and report the stack trace.' },
} as const satisfies Record<string, { exitCode: 1 | 2; hint: string }>

/** A key of {@link TOOLKIT_ERRORS}. */
export type ToolkitErrorCode = keyof typeof TOOLKIT_ERRORS

/** One bad config field or argument: `path` is dotted (`networks.local.url`). */
export interface ErrorIssue {
  readonly path: string
  readonly message: string
}

export interface ToolkitErrorOptions {
  /** Replaces the registry's hint when the case knows better (e.g. lists the valid names). */
  readonly hint?: string
  /** Lines printed between the message and the hint (compile diagnostics, bad fields). */
  readonly details?: readonly string[]
  readonly issues?: readonly ErrorIssue[]
  readonly cause?: unknown
}

/**
 * Every failure the CLI reports: a code from {@link TOOLKIT_ERRORS}, what happened, and what
 * to do. Printed as `TK_CODE: message` then `  → what to do`; never a stack trace unless
 * --verbose.
 * @example throw new ToolkitError('TK_UNKNOWN_NETWORK', 'no network "main"', { hint: 'known: devnet, local' })
 */
export class ToolkitError extends Error {
  override readonly name = 'ToolkitError'
  readonly hint: string
  readonly details: readonly string[]
  readonly issues: readonly ErrorIssue[]

  constructor(
    readonly code: ToolkitErrorCode,
    message: string,
    options: ToolkitErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.hint = options.hint ?? TOOLKIT_ERRORS[code].hint
    this.details = options.details ?? []
    this.issues = options.issues ?? []
  }

  get exitCode(): 1 | 2 {
    return TOOLKIT_ERRORS[this.code].exitCode
  }
}

/** The text printed for an error: details, `CODE: message`, the hint, and with `verbose` the causes' stacks. */
export function formatToolkitError(error: ToolkitError, verbose: boolean): string {
  const lines = [...error.details]
  lines.push(`${error.code}: ${error.message}`)
  for (const issue of error.issues) lines.push(`  ${issue.path}: ${issue.message}`)
  lines.push(`  → ${error.hint}`)
  if (verbose) {
    lines.push('', error.stack ?? '')
    for (let cause = error.cause; cause !== undefined; cause = cause instanceof Error ? cause.cause : undefined) {
      lines.push('caused by: ' + (cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)))
    }
  }
  return lines.join('\n')
}
