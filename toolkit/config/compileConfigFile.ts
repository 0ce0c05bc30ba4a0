import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BuildFailure, BuildResult, Plugin } from 'esbuild'
import { createFileRecorder, sha256, type FileRecord, type FileRecorder } from '../cli/fileRecords.ts'

/**
 * The project's config file as plain JavaScript Node can import: compiled once with esbuild
 * and cached, so that a command whose config did not change loads neither tsx nor esbuild.
 *
 * The config and every local file it imports are bundled into one ES module; packages stay
 * imports, resolved from the cache folder, `<config dir>/node_modules/.cache/tsvm/`, so they
 * resolve as they would from the project (node_modules is where tools keep caches, and it is
 * already ignored by git). Next to the module, a manifest records the exact contents esbuild
 * was given (sha256 per file, read by our own loader, not re-read afterwards, with the stat taken
 * before the read: ../cli/fileRecords.ts) and the config folder's tsconfig.json; the module is
 * reused while each of those still has that content, which a stat as recorded vouches for.
 */

const FORMAT = 'tsvm-config-cache/2'

interface Manifest {
  readonly format: typeof FORMAT
  readonly configFile: string
  /** Absolute path → record of the content that went into the module (sha256 'missing' when absent). */
  readonly inputs: Readonly<Record<string, FileRecord>>
  /** File name of the compiled module, in the cache folder. */
  readonly module: string
}

/** The cache folder of a config file. */
export function configCacheDir(configFile: string): string {
  return path.join(path.dirname(configFile), 'node_modules', '.cache', 'tsvm')
}

/** Where loadConfig remembers that this config passed the schema check (rememberCheck.ts). */
export function checkedMarkFile(configFile: string): string {
  return path.join(configCacheDir(configFile), `config-${sha256(configFile).slice(0, 16)}.checked`)
}

const LOADERS: Record<string, 'ts' | 'tsx' | 'js' | 'jsx' | 'json'> = {
  '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json',
}

/** Thrown for a config esbuild cannot compile: the first error, with its file:line:column. */
export class ConfigCompileError extends Error {}

/**
 * Every local file is read here, once, and recorded into `inputs`: what is hashed is exactly
 * what is compiled. import.meta.url / dirname / filename keep meaning the source file, not the
 * cache.
 */
function hashedSources(inputs: Record<string, FileRecord>, recorder: FileRecorder): Plugin {
  return {
    name: 'hashed-sources',
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        const loader = LOADERS[path.extname(args.path)]
        if (args.namespace !== 'file' || loader === undefined) return undefined
        const { bytes, record } = recorder.read(args.path)
        inputs[args.path] = record
        let contents = bytes.toString('utf8')
        if (loader !== 'json' && contents.includes('import.meta.')) {
          contents = contents
            .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
            .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(args.path)))
            .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
        }
        return { contents, loader }
      })
    },
  }
}

/**
 * The file URL of the compiled config module, compiled now only when the cached one is not
 * current. Throws ConfigCompileError when the config (or a file it imports) does not compile,
 * and a file system error when the cache folder cannot be written.
 */
export async function compileConfigFile(configFile: string): Promise<string> {
  const dir = configCacheDir(configFile)
  const key = sha256(configFile).slice(0, 16)
  const manifestFile = path.join(dir, `config-${key}.json`)
  const tmp = `.${process.pid}.tmp`
  const writeManifest = (manifest: Manifest) => {
    writeFileSync(manifestFile + tmp, JSON.stringify(manifest, null, 2) + '\n')
    renameSync(manifestFile + tmp, manifestFile)
  }
  let m: Manifest | undefined
  try {
    m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest
  } catch {
    // no manifest yet, or unreadable: compile
  }
  if (m?.format === FORMAT && m.configFile === configFile && typeof m.module === 'string' && m.inputs !== null && typeof m.inputs === 'object' && existsSync(path.join(dir, m.module))) {
    const recorder = createFileRecorder()
    let current: Record<string, FileRecord> | undefined = {}
    let touched = false
    for (const [file, recorded] of Object.entries(m.inputs)) {
      const now = recorder.record(file, recorded)
      if (now.sha256 !== recorded?.sha256) {
        current = undefined
        break
      }
      if (now !== recorded) touched = true
      current[file] = now
    }
    if (current !== undefined) {
      // Touched but unchanged: the new stats are recorded, so that the next load need not hash again.
      if (touched) {
        try {
          writeManifest({ ...m, inputs: current })
        } catch {
          // a cache that cannot be written only costs a hash next time
        }
      }
      return pathToFileURL(path.join(dir, m.module)).href
    }
  }

  const esbuild = await import('esbuild')
  // Created before anything is read: a file modified since is recorded without its stat.
  const recorder = createFileRecorder()
  const inputs: Record<string, FileRecord> = {}
  const tsconfig = path.join(path.dirname(configFile), 'tsconfig.json')
  inputs[tsconfig] = recorder.record(tsconfig)
  let result: BuildResult<{ write: false; metafile: true }>
  try {
    result = await esbuild.build({
      entryPoints: [configFile],
      absWorkingDir: path.dirname(configFile),
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      metafile: true,
      outfile: path.join(dir, 'out.mjs'),
      logLevel: 'silent',
      plugins: [hashedSources(inputs, recorder)],
    })
  } catch (error) {
    const failure = error as BuildFailure
    const first = Array.isArray(failure.errors) ? failure.errors[0] : undefined
    if (!first) throw error
    const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : ''
    throw new ConfigCompileError(`${where}${first.text}`, { cause: error })
  }
  // Files esbuild read without our loader (other extensions), recorded now: that is what esbuild
  // read when their stat is settled (unchanged since before the build started); otherwise what it
  // read is unknown, recorded as a content no file has (compiled again next time).
  for (const rel of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(path.dirname(configFile), rel)
    if (file in inputs || rel.includes(':')) continue
    const record = recorder.record(file)
    inputs[file] = record.stat !== undefined ? record : { sha256: 'unknown' }
  }
  const code = result.outputFiles[0]!.contents
  const moduleName = `config-${key}-${sha256(Buffer.from(code)).slice(0, 16)}.mjs`
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, moduleName) + tmp, code)
  renameSync(path.join(dir, moduleName) + tmp, path.join(dir, moduleName))
  writeManifest({ format: FORMAT, configFile, inputs, module: moduleName })
  // Earlier versions of this config's module.
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`config-${key}-`) && name.endsWith('.mjs') && name !== moduleName) rmSync(path.join(dir, name), { force: true })
  }
  return pathToFileURL(path.join(dir, moduleName)).href
}
