/**
 * `npm run build` (also run by `prepare`, `pretest` and `prebench`): bundle the toolkit into
 * plain ESM JavaScript under dist/, so that `toolkit` and the package's public entries start
 * without tsx and without transpiling our sources on every run.
 *
 *   dist/cli.mjs      the `toolkit` command (bin/toolkit.mjs loads it when it is fresh)
 *   dist/testing.mjs  `tsvm/testing`    dist/client.mjs  `tsvm/client`    dist/config.mjs  `tsvm/config`
 *   dist/*-HASH.mjs   chunks shared by the entries, and the CLI's lazily imported commands
 *   dist/stamp.json   what the bundle was built from: every input with its mtime and size
 *
 * One esbuild run with code splitting, so a lazy `import()` of the CLI stays lazy (its own
 * chunk) and the entries share one copy of each module (one ContractError class, one chain
 * registry). Small pure-JS dependencies are bundled in (one file parses faster than a package
 * tree); native, wasm-loading, huge or tool packages stay external (EXTERNAL).
 *
 * Our sources locate files next to themselves (`new URL('../sandbox/prelude.js', import.meta.url)`,
 * `import.meta.dirname`): in the bundle those would point into dist/. A plugin replaces
 * `import.meta.url`, `.dirname` and `.filename` in each of our modules with its source file's
 * location, computed relative to the chunk at run time (every chunk sits in dist/), so the
 * bundle keeps working when the checkout moves.
 *
 * Deterministic: the same sources give the same bytes (content-hashed chunk names, relative
 * paths only). A file is written only when its content changed and files no longer produced are
 * removed, so rebuilding an up-to-date dist/ rewrites nothing but the stamp.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(ROOT, 'dist')

/** dist/<name>.mjs ← source. */
export const ENTRIES = {
  cli: 'toolkit/cli/main.ts',
  testing: 'toolkit/testing/index.ts',
  client: 'toolkit/client/index.ts',
  config: 'toolkit/config/index.ts',
} as const

/**
 * Packages left to Node at run time: native or wasm code located by path (level, quickjs),
 * packages whose size makes a lazy import the point (typescript, esbuild), tools that must be
 * the project's own instance (vitest, tsx), and ws (optional native add-ons, CommonJS).
 */
const EXTERNAL = [
  'esbuild',
  'typescript',
  'tsx',
  'vitest',
  'level',
  'classic-level',
  'memory-level',
  'abstract-level',
  '@jitl/quickjs-wasmfile-release-sync',
  'quickjs-emscripten-core',
  'ws',
]

/** Files whose change makes the bundle stale besides its inputs: how it is built. */
const BUILD_INPUTS = ['scripts/build.ts', 'package.json', 'tsconfig.json']

export const STAMP_FORMAT = 'tsvm-dist/1'

/** dist/stamp.json: every file the bundle depends on, root-relative, with its mtime (ms) and size. */
export interface Stamp {
  readonly format: typeof STAMP_FORMAT
  readonly files: ReadonlyArray<readonly [file: string, mtimeMs: number, size: number]>
}

const IMPORT_META = /\bimport\.meta\.(url|dirname|filename)\b/g

/** import.meta.url / .dirname of our own modules → their source file's, relative to the chunk. */
const sourceLocation = (OUT: string): esbuild.Plugin => ({
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const text = readFileSync(args.path, 'utf8')
      if (!/\bimport\.meta\.(url|dirname|filename)\b/.test(text)) return undefined
      const fromDist = path.relative(OUT, args.path).split(path.sep).join('/')
      // Prepended on the module's first line, so the source map's line numbers stay right.
      const header =
        `import { fileURLToPath as __tsvmFileURLToPath } from 'node:url';` +
        `const __tsvmSourceUrl = new URL(${JSON.stringify(fromDist)}, import.meta.url).href;` +
        `const __tsvmSourceFile = __tsvmFileURLToPath(__tsvmSourceUrl);` +
        `const __tsvmSourceDir = __tsvmFileURLToPath(new URL('.', __tsvmSourceUrl)).replace(/[\\\\/]$/, '');`
      const names: Record<string, string> = { url: '__tsvmSourceUrl', dirname: '__tsvmSourceDir', filename: '__tsvmSourceFile' }
      const contents = header + text.replace(IMPORT_META, (_m, prop: string) => names[prop]!)
      return { contents, loader: 'ts' }
    })
  },
})

/**
 * zod's classic API re-exports its ~60 translations of error messages (`z.locales`, half of the
 * zod code in the bundle), which the config and RPC schemas never use: only English is kept,
 * the one zod configures itself with.
 */
const zodEnglishOnly: esbuild.Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: `export { default as en } from './en.js'`,
      loader: 'js',
    }))
  },
}

/**
 * commander requires node:child_process at load time (Node then loads net, dgram and the stream
 * modules, ~3 ms of every start) for executable subcommands, which `toolkit` does not have. Its
 * require gets a stand-in that loads child_process on first use instead.
 */
const lazyChildProcessForCommander: esbuild.Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) && args.kind === 'require-call' ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:${args.path}'))[key] })`,
      loader: 'js',
    }))
  },
}

/**
 * `import … from 'node:fs'` in an ES module makes Node build the ESM facade of fs, which reads
 * every export, fs.ReadStream and fs.promises among them: that loads the stream modules, ~1 ms
 * of every start-up. Our modules get fs as CommonJS instead (process.getBuiltinModule, Node ≥
 * 20.16), which esbuild's interop reads a property at a time, when it is used.
 */
const fsWithoutFacade: esbuild.Plugin = {
  name: 'fs-without-facade',
  setup(build) {
    build.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import' ? { path: 'fs', namespace: 'builtin-cjs' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'builtin-cjs' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule('node:${args.path}')`,
      loader: 'js',
    }))
  },
}

export interface BuildOptions {
  /** Default dist/. Elsewhere only for tests: the bundle locates our sources relative to dist/. */
  readonly outDir?: string
}

/** Build dist/ and its stamp. Returns what was written (for the log and tests). */
export async function build(options: BuildOptions = {}): Promise<{ ms: number; files: number; written: number; removed: number; inputs: number }> {
  const OUT = options.outDir ?? DIST
  const started = performance.now()
  const startedAt = Date.now()
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(ENTRIES).map(([out, entry]) => ({ in: entry, out })),
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages (commander) call require() for Node built-ins: give ESM a require.
    banner: { js: `import { createRequire as __tsvmCreateRequire } from 'node:module';const require = __tsvmCreateRequire(import.meta.url);` },
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [sourceLocation(OUT), zodEnglishOnly, lazyChildProcessForCommander, fsWithoutFacade],
  })

  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...BUILD_INPUTS])]
    .filter((f) => !f.includes(':')) // esbuild's virtual modules (none expected)
    .sort()

  mkdirSync(OUT, { recursive: true })
  const produced = new Set<string>()
  let written = 0
  for (const file of result.outputFiles) {
    produced.add(file.path)
    let same = false
    try {
      same = Buffer.compare(readFileSync(file.path), file.contents) === 0
    } catch {
      // not there yet
    }
    if (!same) {
      mkdirSync(path.dirname(file.path), { recursive: true })
      writeFileSync(file.path, file.contents)
      written++
    }
  }
  const stamp: Stamp = {
    format: STAMP_FORMAT,
    files: inputs.map((f) => {
      const s = statSync(path.join(ROOT, f))
      // Changed while the build ran: which version went in is unknown, so stamp it stale.
      return [f, s.mtimeMs >= startedAt ? -1 : s.mtimeMs, s.size] as const
    }),
  }
  const stampFile = path.join(OUT, 'stamp.json')
  writeFileSync(`${stampFile}.tmp`, JSON.stringify(stamp) + '\n')
  renameSync(`${stampFile}.tmp`, stampFile)
  produced.add(stampFile)

  let removed = 0
  for (const name of readdirSync(OUT)) {
    const file = path.join(OUT, name)
    if (!produced.has(file)) {
      rmSync(file, { recursive: true, force: true })
      removed++
    }
  }
  return { ms: Math.round(performance.now() - started), files: result.outputFiles.length, written, removed, inputs: inputs.length }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await build()
  console.log(`dist/: ${r.files} files (${r.written} written, ${r.removed} removed) from ${r.inputs} inputs in ${r.ms} ms`)
}
