import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'

/** A position in a contract's TypeScript source. `source` is relative to the project root. */
export interface SourcePosition {
  source: string
  /** 1-based. */
  line: number
  /** 0-based, like the source map spec (a V8/QuickJS stack column is 1-based: subtract 1). */
  column: number
}

// Parsing a map costs more than a lookup; a failing call usually maps several frames of the same
// contract in a row, so keep the last few parsed.
const parsed = new Map<string, TraceMap>()
const PARSED_LIMIT = 8

function traceMap(sourceMap: string): TraceMap {
  let map = parsed.get(sourceMap)
  if (!map) {
    map = new TraceMap(sourceMap)
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!)
    parsed.set(sourceMap, map)
  }
  return map
}

/**
 * Map a position in an artifact's `code` (line 1-based, column 0-based) back to the contract's
 * TypeScript, using the artifact's `sourceMap`. Undefined for positions the map does not cover
 * (esbuild's runtime helpers, the appended `$abi` footer).
 * @example mapToSource(artifact.sourceMap, 42, 10) // { source: 'contracts/ERC20.ts', line: 17, column: 4 }
 */
export function mapToSource(sourceMap: string, line: number, column: number): SourcePosition | undefined {
  const map = traceMap(sourceMap)
  // A column before the first mapped segment of the line (indentation) maps to the next segment.
  for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as const) {
    const found = originalPositionFor(map, { line, column, bias })
    if (found.source !== null) return { source: found.source, line: found.line, column: found.column }
  }
  return undefined
}
