import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** This package's prebuilt modules (dist/, `npm run build`): what `tsvm/testing` and `tsvm/client` load. */
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url)).split(path.sep).join('/')

/**
 * `test.server.deps` for a project's vitest.config.ts: tsvm's prebuilt JavaScript is imported
 * by Node as it is. Without it, Vite transforms it as if it were the project's own source (it
 * does so for every file outside node_modules, and a tsvm linked from a checkout, as a `file:`
 * dependency is, lies outside), which was most of a small project's test run.
 * @example
 * import { testServerDeps } from 'tsvm/config'
 * export default defineConfig({ test: { server: { deps: testServerDeps } } })
 */
export const testServerDeps: { external: RegExp[] } = {
  external: [new RegExp('^' + DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
}
