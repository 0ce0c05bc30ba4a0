import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file gets its own process and its own in-process chain.
    pool: 'forks',
    // The first deploy of a contract compiles it (type check + bundle): give it time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
