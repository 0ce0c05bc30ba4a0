import { z } from 'zod'
import { DEV_PHRASE } from '../crypto/keys.ts'

const address = z.string().regex(/^0x[0-9a-f]{40}$/, 'an address: 0x + 40 lowercase hex digits')
const decimal = z.union([z.string().regex(/^[0-9]+$/, 'a non-negative integer in decimal'), z.number().int().nonnegative()]).transform((v) => BigInt(v))
const port = z.number().int().min(0).max(65_535)

/** The node's configuration file schema (JSON); every field has a default except where noted. */
export const nodeConfigSchema = z
  .object({
    network: z.string().min(1).default('devnet'),
    chainId: z.string().min(1).max(64).default('tsvm-devnet'),
    /** LevelDB directory; absent: the chain lives in memory and is gone when the node stops. */
    dataDir: z.string().min(1).optional(),
    consensus: z
      .object({
        engine: z.enum(['dev']).default('dev'),
        /** 0: automine (a block per transaction); > 0: a block every `blockTimeMs`. */
        blockTimeMs: z.number().int().min(0).max(3_600_000).default(0),
      })
      .default({ engine: 'dev', blockTimeMs: 0 }),
    gas: z
      .object({
        blockGasLimit: z.number().int().positive().default(1_000_000_000),
        maxTxGas: z.number().int().positive().default(100_000_000),
        minGasPrice: decimal.default(1n),
      })
      .default({ blockGasLimit: 1_000_000_000, maxTxGas: 100_000_000, minGasPrice: 1n }),
    mempool: z
      .object({
        maxTransactions: z.number().int().positive().default(10_000),
        maxPerSender: z.number().int().positive().default(64),
        maxNonceGap: z.number().int().nonnegative().default(16),
        maxTxBytes: z.number().int().positive().default(1_100_000),
      })
      .default({ maxTransactions: 10_000, maxPerSender: 64, maxNonceGap: 16, maxTxBytes: 1_100_000 }),
    rpc: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: port.default(8545),
        maxBodyBytes: z.number().int().positive().default(2 * 1024 * 1024),
        /** Requests per second per client; 0 disables the limit. */
        rateLimit: z.number().nonnegative().default(0),
      })
      .default({ host: '127.0.0.1', port: 8545, maxBodyBytes: 2 * 1024 * 1024, rateLimit: 0 }),
    p2p: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: port.default(30_303),
        peers: z.array(z.string().url()).default([]),
      })
      .default({ host: '127.0.0.1', port: 30_303, peers: [] }),
    log: z.object({ level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info') }).default({ level: 'info' }),
    genesis: z
      .object({
        /** Block time of the genesis block, ms since the epoch (fixed, so every node agrees). */
        timestamp: z.number().int().nonnegative().default(Date.UTC(2026, 0, 1)),
        /** Dev accounts derived from this phrase (dev chains only: the keys are public). */
        mnemonic: z.string().min(1).default(DEV_PHRASE),
        devAccounts: z.number().int().min(0).max(1000).default(10),
        devBalance: decimal.default(10n ** 24n),
        accounts: z.array(z.object({ address, balance: decimal })).default([]),
      })
      .default({ timestamp: Date.UTC(2026, 0, 1), mnemonic: DEV_PHRASE, devAccounts: 10, devBalance: 10n ** 24n, accounts: [] }),
  })
  .strict()

/** A complete, validated configuration (every default filled in). */
export type NodeConfig = z.output<typeof nodeConfigSchema>
/** What a config file or caller may give (all optional). */
export type NodeConfigInput = z.input<typeof nodeConfigSchema>
