import { testServerDeps } from 'tsvm/config'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file gets its own process and its own in-process chain.
    pool: 'forks',
    // A contract without a current artifact (`toolkit compile`) is compiled at its first deploy
    // (type check + bundle): give it time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // tsvm's prebuilt JavaScript is imported by Node as it is, not transformed as project source.
    server: { deps: testServerDeps },
  },
})
