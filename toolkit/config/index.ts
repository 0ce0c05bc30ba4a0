/**
 * What a project's `toolkit.config.ts` imports: `defineConfig` and the config types. Kept free
 * of the loader (zod, tsx) so that importing it costs nothing; and `testServerDeps` for a
 * project's vitest.config.ts.
 */
export { defineConfig, type AccountUserConfig, type InProcessNetworkUserConfig, type NetworkUserConfig, type ToolkitUserConfig, type UrlNetworkUserConfig } from './defineConfig.ts'
export type { ResolvedAccount, ResolvedConfig, ResolvedNetwork, ResolvedPaths } from './resolveCheckedConfig.ts'
export { testServerDeps } from './testServerDeps.ts'
