import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { CONTRACT_COMPILER_OPTIONS } from '../../compiler/createContractProgram.ts'
import { relativePosix } from '../../compiler/relativePosix.ts'
import type { FileRecord, FileRecorder } from '../fileRecords.ts'
import type { SourceInputs } from './sourceInputs.ts'

const PARSED = /\.(m|c)?[jt]sx?$/

/**
 * The import graph of a project's contracts, read from the source text: each file's imports
 * (`ts.preProcessFile`: value and type-only imports alike, since types shape the ABI) resolved
 * the way the contract compiler resolves them (its compiler options, so `tsvm/sdk` through
 * node_modules is followed too). `closure(entry)` is every file the entry reaches, with its
 * content record (taken before the file is parsed here, and before it is compiled).
 */
export function createSourceGraph(root: string, recorder: FileRecorder): { closure(entry: string): SourceInputs } {
  const options = CONTRACT_COMPILER_OPTIONS
  const deps = new Map<string, string[]>()
  const resolutionCache = ts.createModuleResolutionCache(root, (f) => f, options)

  const depsOf = (file: string): string[] => {
    let list = deps.get(file)
    if (list) return list
    list = []
    if (PARSED.test(file) && recorder.record(file).sha256 !== 'missing') {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
      for (const ref of [...info.importedFiles, ...info.referencedFiles]) {
        const r = ts.resolveModuleName(ref.fileName, file, options, ts.sys, resolutionCache).resolvedModule
        if (r) list.push(path.resolve(r.resolvedFileName))
      }
    }
    deps.set(file, list)
    return list
  }

  return {
    closure(entry) {
      const start = path.resolve(entry)
      const order = [start]
      const seen = new Set(order)
      for (let i = 0; i < order.length; i++) {
        for (const dep of depsOf(order[i]!)) {
          if (!seen.has(dep)) {
            seen.add(dep)
            order.push(dep)
          }
        }
      }
      const inputs: Record<string, FileRecord> = {}
      for (const f of order) inputs[relativePosix(root, f)] = recorder.record(f)
      return inputs
    },
  }
}
