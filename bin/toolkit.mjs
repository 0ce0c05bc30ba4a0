#!/usr/bin/env node
// The `toolkit` command. The toolkit runs from its TypeScript sources (no build step): register
// tsx's loader, then hand over to the CLI. Our sources are compiled with our own tsconfig.json,
// whatever the project's says; the project's config file is imported with the project's
// (see toolkit/config/loadConfig.ts).
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
const { runCli } = await import('../toolkit/cli/main.ts')
process.exitCode = await runCli(process.argv)
// Every command closes what it opened; this only stops a handle someone forgot from keeping the
// process alive after the command is done (an unref'd timer does not itself hold the loop open).
setTimeout(() => process.exit(), 1000).unref()
