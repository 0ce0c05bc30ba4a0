#!/usr/bin/env node
// The `toolkit` command. It runs the prebuilt CLI, dist/cli.mjs (`npm run build`, also run on
// install by `prepare`), when that bundle is fresh: dist/stamp.json lists every file it was built
// from with its mtime and size, and each must still match (a stat per file: 2-3 ms for ~250).
// Otherwise (no dist/, a source edited since the build, or TSVM_FROM_SOURCE=1) it runs the CLI
// from its TypeScript sources through tsx: the same code, slower to start. Our sources are then
// compiled with our own tsconfig.json, whatever the project's says.
import { fileURLToPath } from 'node:url'

// fs as CommonJS: the ESM facade of node:fs (an import) loads the stream modules, ~1 ms.
const { readFileSync, statSync } = process.getBuiltinModule('node:fs')

const root = new URL('../', import.meta.url)

/** Whether dist/ was built from the files as they are now. */
function distIsFresh() {
  let stamp
  try {
    stamp = JSON.parse(readFileSync(new URL('dist/stamp.json', root), 'utf8'))
  } catch {
    return false
  }
  if (stamp?.format !== 'tsvm-dist/1' || !Array.isArray(stamp.files)) return false
  const base = fileURLToPath(root)
  for (const [file, mtimeMs, size] of stamp.files) {
    const s = statSync(base + file, { throwIfNoEntry: false })
    // A dependency bundled into dist/ may be gone from node_modules/ (an install that hoisted it
    // elsewhere): the bundle carries its own copy, so only a changed file counts against it.
    if (s === undefined && file.startsWith('node_modules/')) continue
    if (s === undefined || s.mtimeMs !== mtimeMs || s.size !== size) return false
  }
  return true
}

let runCli, createStdio
if (process.env.TSVM_FROM_SOURCE !== '1' && distIsFresh()) {
  ;({ runCli, createStdio } = await import('../dist/cli.mjs'))
} else {
  const { register } = await import('tsx/esm/api')
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) })
  // Commands that import a project's TypeScript (deploy scripts) need not register it again.
  globalThis[Symbol.for('tsvm.tsxRegistered')] = true
  ;({ runCli, createStdio } = await import('../toolkit/cli/main.ts'))
}
// This process's stdout and stderr, written without creating process.stdout/stderr while it can
// (toolkit/cli/stdio.ts; runCli's own default, for other callers, is the streams).
process.exitCode = await runCli(process.argv, { io: createStdio?.() })
// Every command closes what it opened; this only stops a handle someone forgot from keeping the
// process alive after the command is done (an unref'd timer does not itself hold the loop open).
setTimeout(() => process.exit(), 1000).unref()
