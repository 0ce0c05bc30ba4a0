import { mapToSource } from '../compiler/sourceMap.ts'
import type { SourceLocation } from './ContractError.ts'
import type { RpcDebug } from './rpcSchema.ts'

/** SDK and library frames: a `require` in the SDK is where a revert is thrown, not where it was decided. */
const LIBRARY_FILE = /(^|\/)(contracts\/sdk|node_modules)\//

/**
 * Map a failure's bundle frames back to TypeScript with an artifact's source map. `source` is
 * the first frame, innermost first, outside the SDK: the contract's own line.
 * @example mapFailureSource(outcome.debug, artifact.sourceMap).source // { file: 'contracts/standard/ERC20.ts', line: 74, column: 4 }
 */
export function mapFailureSource(debug: RpcDebug | undefined, sourceMap: string): { source: SourceLocation | undefined; frames: SourceLocation[] } {
  // Stack columns are 1-based; source maps are 0-based. A failure without a stack (setup, code
  // checks) may still carry its line.
  const positions = debug?.frames?.length ? debug.frames.map((f) => ({ line: f.line, column: f.column - 1 })) : debug?.line ? [{ line: debug.line, column: 0 }] : []
  const frames: SourceLocation[] = []
  for (const p of positions) {
    const found = mapToSource(sourceMap, p.line, Math.max(0, p.column))
    if (found) frames.push({ file: found.source, line: found.line, column: found.column })
  }
  return { source: frames.find((f) => !LIBRARY_FILE.test(f.file)), frames }
}
