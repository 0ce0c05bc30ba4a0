import ts from 'typescript'

/**
 * The compiler options contracts are checked with. Fixed here rather than read from the
 * project's tsconfig.json: the ABI (and so the artifact) must depend only on the sources.
 */
export const CONTRACT_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  // What esbuild does for a neutral platform: 'module' plus the import/default conditions.
  customConditions: ['module'],
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  // esbuild compiles file by file; this flags the constructs that would break that.
  isolatedModules: true,
  useDefineForClassFields: true,
  noEmit: true,
  skipLibCheck: true,
  lib: ['lib.es2022.d.ts'],
  // No @types/*: the sandbox has no Node or DOM globals, so contracts must not see them either.
  types: [],
}

interface CachedFile {
  text: string
  file: ts.SourceFile
}

// Parsed source files, shared between programs (what the language service's document registry
// does). Parsing and binding the lib .d.ts files is most of a cold compile; a file is reused
// only while its text is unchanged.
const fileCache = new Map<string, CachedFile>()
const FILE_CACHE_LIMIT = 2000

function cacheKey(fileName: string, options: ts.ScriptTarget | ts.CreateSourceFileOptions): string {
  if (typeof options === 'number') return `${fileName}\0${options}`
  return `${fileName}\0${options.languageVersion}\0${options.impliedNodeFormat ?? ''}\0${options.jsDocParsingMode ?? ''}`
}

function createCachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options)
  host.getSourceFile = (fileName, languageVersionOrOptions, onError) => {
    let text: string | undefined
    try {
      text = ts.sys.readFile(fileName)
    } catch (e) {
      onError?.((e as Error).message)
      return undefined
    }
    if (text === undefined) return undefined
    const key = cacheKey(fileName, languageVersionOrOptions)
    const cached = fileCache.get(key)
    if (cached && cached.text === text) return cached.file
    const file = ts.createSourceFile(fileName, text, languageVersionOrOptions)
    if (fileCache.size >= FILE_CACHE_LIMIT) fileCache.delete(fileCache.keys().next().value!)
    fileCache.set(key, { text, file })
    return file
  }
  return host
}

/** Create the one TypeScript Program a compile uses: the entry file and everything it imports. */
export function createContractProgram(entryFile: string): ts.Program {
  const options = CONTRACT_COMPILER_OPTIONS
  return ts.createProgram({ rootNames: [entryFile], options, host: createCachingHost(options) })
}
