/**
 * An account a network signs with: a dev account index (keys derived from the devnet's public
 * phrase), a secret key (`0x` + 64 hex digits), or `env:NAME` to read the key from the
 * environment variable NAME when the config is loaded (keep real keys out of the file).
 */
export type AccountUserConfig = number | `0x${string}` | `env:${string}`

/** A node reached over JSON-RPC: `http(s)://` or `ws(s)://`. */
export interface UrlNetworkUserConfig {
  readonly url: string
  /** Default: none, except the built-in `local`, which has dev accounts 0-9. */
  readonly accounts?: readonly AccountUserConfig[]
  /** Per-request limit in ms. Default 30 000. */
  readonly timeoutMs?: number
  /** Address of a DAppRegistry on this network; deploy scripts register the app there (see `toolkit deploy --register`). */
  readonly registry?: string
  /** Register the app on every deploy to this network, as `--register` does. Default false. */
  readonly register?: boolean
}

/** A fresh in-memory devnet in the toolkit's own process (gone when the command ends). */
export interface InProcessNetworkUserConfig {
  readonly inProcess: true
  /** Default: dev accounts 0-9. */
  readonly accounts?: readonly AccountUserConfig[]
}

export type NetworkUserConfig = UrlNetworkUserConfig | InProcessNetworkUserConfig

/** What `toolkit.config.ts` exports: every field optional; see `resolveConfig` for the defaults. */
export interface ToolkitUserConfig {
  /** The network used without --network. Default 'devnet'. */
  readonly defaultNetwork?: string
  /** Folders, relative to the folder of the config file. */
  readonly paths?: {
    /** Default 'contracts'. */
    readonly contracts?: string
    /** Default 'artifacts'. */
    readonly artifacts?: string
    /** Deploy scripts. Default 'deploy'. */
    readonly deploy?: string
    /** Default 'test'. */
    readonly tests?: string
    /** Deployment records, one folder per network. Default 'deployments'. */
    readonly deployments?: string
  }
  /**
   * Networks by name. Built in: `devnet` (`{ inProcess: true }`) and `local`
   * (`{ url: 'http://127.0.0.1:8545' }`); an entry of the same name replaces the built-in one
   * (keeping its dev accounts unless `accounts` is given).
   */
  readonly networks?: Readonly<Record<string, NetworkUserConfig>>
  readonly compiler?: {
    /** Fail the compile on warnings too. Default false. */
    readonly warningsAsErrors?: boolean
  }
  /** Print gas used per contract method after `toolkit test`. Default false. */
  readonly gasReport?: boolean
  /** `toolkit dev`. */
  readonly dev?: {
    /** On a contract edit: swap the code in place keeping storage ('reload'), or deploy anew ('redeploy'). Default 'reload'. */
    readonly onChange?: 'reload' | 'redeploy'
    /** Shell commands re-run after each change (e.g. a deploy script). Default none. */
    readonly run?: readonly string[]
  }
}

/**
 * Type a `toolkit.config.ts` (an identity function: the checking is TypeScript's, and the
 * loader validates again at run time).
 * @example
 * export default defineConfig({
 *   networks: { testnet: { url: 'https://rpc.example.org', accounts: ['env:DEPLOYER_KEY'] } },
 *   dev: { onChange: 'redeploy' },
 * })
 */
export function defineConfig<const C extends ToolkitUserConfig>(config: C): C {
  return config
}
