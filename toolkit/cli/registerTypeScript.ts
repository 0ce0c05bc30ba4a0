import { fileURLToPath } from 'node:url'

/** Set by bin/toolkit.mjs when it runs the CLI from its TypeScript sources (tsx already registered). */
const REGISTERED = Symbol.for('tsvm.tsxRegistered')

/**
 * Make `import()` of a TypeScript file work in this process (deploy scripts): registers tsx's
 * loader once, with this package's tsconfig.json, as bin/toolkit.mjs does when it runs the
 * CLI from its sources. The prebuilt CLI (dist/) starts without it, so only the commands that
 * import a project's TypeScript pay for tsx.
 */
export async function registerTypeScript(): Promise<void> {
  const g = globalThis as Record<symbol, unknown>
  if (g[REGISTERED]) return
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
  g[REGISTERED] = true
}
