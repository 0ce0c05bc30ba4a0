import { InvalidArgumentError } from 'commander'
import type { CommandAction } from './CommandContext.ts'

export interface CommandSpec {
  readonly name: string
  readonly summary: string
  readonly arguments?: ReadonlyArray<readonly [syntax: string, description: string]>
  readonly options?: ReadonlyArray<{ readonly flags: string; readonly description: string; readonly default?: unknown; readonly parse?: (value: string) => unknown }>
  /** Loaded only when the command runs, so that `toolkit --help` imports none of the heavy parts. */
  readonly load: () => Promise<{ readonly default: CommandAction }>
  /** The command always loads the project's config first: it is loaded while the command's module loads. */
  readonly usesConfig?: true
}

/** A non-negative integer option value (commander reports a throw as a usage error). */
export function nonNegativeInt(value: string): number {
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a non-negative integer')
  return Number(value)
}

/** A non-negative integer amount, as a bigint. */
export function amount(value: string): bigint {
  if (!/^[0-9]+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer amount (base units)')
  return BigInt(value)
}

/** The project templates of `toolkit init` (folders under templates/). */
export const TEMPLATES = ['erc20', 'defi'] as const

function templateName(value: string): string {
  if (!(TEMPLATES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${TEMPLATES.join(', ')}`)
  return value
}

/** The dev node's options, shared by `node` and `dev`. */
const DEV_NODE_OPTIONS: NonNullable<CommandSpec['options']> = [
  { flags: '--port <port>', description: 'JSON-RPC port (HTTP and WebSocket; 0 picks a free one)', default: 8545, parse: nonNegativeInt },
  { flags: '--host <host>', description: 'listen address', default: '127.0.0.1' },
  { flags: '--block-time <ms>', description: 'mine a block every <ms> instead of one per transaction', parse: nonNegativeInt },
]

/** Every command of `toolkit`, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'init',
    summary: 'create a project from a template (erc20 or defi)',
    arguments: [['[dir]', 'the folder to create the project in (default: the current one)']],
    options: [
      { flags: '--template <name>', description: `the template: ${TEMPLATES.join(' or ')}`, default: 'erc20', parse: templateName },
      { flags: '--force', description: 'write into a folder that is not empty (template files replace existing ones)', default: false },
      { flags: '--install', description: 'run `npm install` in the new project', default: false },
    ],
    load: () => import('./commands/init.ts'),
  },
  {
    name: 'compile',
    summary: 'compile every contract under the contracts folder into artifacts/ (incremental)',
    options: [{ flags: '--force', description: 'rebuild every contract, ignoring the build cache', default: false }],
    load: () => import('./commands/compile.ts'),
    usesConfig: true,
  },
  {
    name: 'test',
    summary: "compile, then run the project's tests with its own vitest",
    arguments: [['[pattern]', 'only the test files matching this filter (passed to vitest)']],
    options: [{ flags: '--gas', description: 'print a gas report (gas per contract method) after the run', default: false }],
    load: () => import('./commands/test.ts'),
    usesConfig: true,
  },
  {
    name: 'deploy',
    summary: 'compile, then run deploy/*.ts against a network; records deployments/<network>.json',
    options: [
      { flags: '--reset', description: 'deploy every contract again, even those recorded with the same code', default: false },
      { flags: '--register', description: "register the app in the network's DAppRegistry (networks.<name>.registry) after deploying", default: false },
    ],
    load: () => import('./commands/deploy.ts'),
    usesConfig: true,
  },
  {
    name: 'node',
    summary: 'run a dev node with prefunded accounts (Ctrl-C stops it)',
    options: [
      ...DEV_NODE_OPTIONS,
      { flags: '--data-dir <dir>', description: 'keep the chain in this folder (LevelDB) instead of in memory' },
    ],
    load: () => import('./commands/node.ts'),
  },
  {
    name: 'dev',
    summary: 'dev node + deploy, then watch contracts/: reload changed code in place (storage kept) or redeploy',
    options: DEV_NODE_OPTIONS,
    load: () => import('./commands/dev.ts'),
    usesConfig: true,
  },
  {
    name: 'accounts',
    summary: "list the network's accounts with their balances",
    load: () => import('./commands/accounts.ts'),
    usesConfig: true,
  },
  {
    name: 'balance',
    summary: 'print the native balance of an address (base units)',
    arguments: [['<address>', 'an account or contract address (0x + 40 hex digits)']],
    load: () => import('./commands/balance.ts'),
    usesConfig: true,
  },
  {
    name: 'call',
    summary: 'run a view method of a deployed contract and print the result as JSON',
    arguments: [
      ['<contract>', 'the artifact name (artifacts/<contract>.json)'],
      ['<address>', 'the contract address'],
      ['<method>', 'a view method'],
      ['[args...]', 'arguments: JSON when they parse as JSON, else strings'],
    ],
    options: [{ flags: '--from <index>', description: 'the caller (msg.sender): account <index> of the network', parse: nonNegativeInt }],
    load: () => import('./commands/call.ts'),
  },
  {
    name: 'console',
    summary: 'an interactive REPL with the provider, wallets and deployed contracts loaded (top-level await)',
    arguments: [],
    options: [],
    load: () => import('./commands/console.ts'),
    usesConfig: true,
  },
  {
    name: 'send',
    summary: 'send a transaction calling a contract method; prints status, gas and events',
    arguments: [
      ['<contract>', 'the artifact name (artifacts/<contract>.json)'],
      ['<address>', 'the contract address'],
      ['<method>', 'a state-changing method'],
      ['[args...]', 'arguments: JSON when they parse as JSON, else strings'],
    ],
    options: [
      { flags: '--from <index>', description: 'the sender: account <index> of the network', default: 0, parse: nonNegativeInt },
      { flags: '--value <amount>', description: 'native tokens to send along (payable methods), base units', parse: amount },
    ],
    load: () => import('./commands/send.ts'),
  },
]
