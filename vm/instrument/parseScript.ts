import { getLineInfo, Parser, tokTypes, version as acornVersion, type Options, type Program } from 'acorn'

/**
 * The ECMAScript edition contracts are parsed as. Together with the exact acorn version it is a
 * consensus parameter: changing either can change which deploys are accepted.
 */
export const ECMA_VERSION = 2025

/** The acorn release the overrides below were written against (they replace internal methods). */
const ACORN_VERSION = '8.19.0'
if (acornVersion !== ACORN_VERSION) {
  throw new Error(`vm/instrument was written for acorn ${ACORN_VERSION}, found ${acornVersion}: review parseScript.ts and re-run its tests before upgrading`)
}

/**
 * The most nested calls the parser may make through the counted methods below before a deploy is
 * rejected as too complex. With Node 20's interpreter frames (the largest; `--jitless`), the
 * costliest shape uses ~690 bytes of stack per unit (`fixtures/measureStack.ts`), and the deepest
 * input of every shape accepted at this limit instruments with 246 KB of free stack, a quarter of
 * Node's default 984 KB, from a cold start (the stack-headroom test). The deepest real code found
 * (all of node_modules incl. minified typescript.js, as CommonJS scripts) reaches 102.
 */
export const MAX_PARSE_DEPTH = 280

/** Why a script could not be parsed, with the 0-based offset and the 1-based line / 0-based column. */
export interface ParseFailure {
  ok: false
  code: 'PARSE_ERROR' | 'CODE_TOO_COMPLEX' | 'FORBIDDEN_IMPORT'
  /** acorn's message for a syntax error; empty otherwise. */
  reason: string
  offset: number
  line: number
  column: number
}

/** The AST, and the deepest nesting of counted parser calls it took (compare `MAX_PARSE_DEPTH`). */
export type ParseResult = { ok: true; program: Program; depth: number } | ParseFailure

/**
 * Parses an untrusted contract script with acorn, bounding the parser's recursion so that a
 * hostile input is rejected at the same point on every node instead of overflowing the host
 * stack (which V8 reports at a depth that depends on the caller, so it is not deterministic).
 * `maxDepth` is for measurements; consensus uses the default.
 */
export function parseScript(source: string, maxDepth: number = MAX_PARSE_DEPTH): ParseResult {
  const parser = new BoundedParser(PARSE_OPTIONS, source)
  parser.maxDepth = maxDepth
  try {
    const program = parser.parse()
    return { ok: true, program, depth: parser.deepest }
  } catch (e) {
    if (e instanceof GuardError) {
      const { line, column } = getLineInfo(source, e.offset)
      return { ok: false, code: e.code, reason: '', offset: e.offset, line, column }
    }
    if (isAcornSyntaxError(e)) {
      return { ok: false, code: 'PARSE_ERROR', reason: e.message, offset: e.pos, line: e.loc.line, column: e.loc.column }
    }
    // Anything else (a RangeError included) is a host bug: reporting it as a result would make
    // acceptance depend on the machine.
    throw e
  }
}

/** Every option pinned, so an acorn default changing cannot change what is accepted. */
const PARSE_OPTIONS: Options = {
  ecmaVersion: ECMA_VERSION,
  sourceType: 'script',
  allowHashBang: false,
  allowReturnOutsideFunction: false,
  allowImportExportEverywhere: false,
  allowAwaitOutsideFunction: false,
  allowSuperOutsideMethod: false,
  allowReserved: false,
  checkPrivateFields: true,
  locations: false,
  ranges: false,
  preserveParens: false,
}

/**
 * Every recursion cycle of acorn's parser passes through at least one of these methods (the
 * binary-operator parser is made iterative below, and the AST-checking recursions such as
 * `toAssignable` only descend into what these methods built). Counting them bounds the JS stack
 * the parse uses by `MAX_PARSE_DEPTH` times the largest stack cost between two of them.
 */
const COUNTED_METHODS = [
  'parseStatement',
  'parseForStatement',
  'parseExpression',
  'parseMaybeAssign',
  'parseMaybeUnary',
  'parseExprOp',
  'parseSubscript',
  'parseExprAtom',
  'parseExprList',
  'parseObj',
  'parseTemplate',
  'parseFunctionBody',
  'parseClass',
  'parseBindingList',
  'parseBindingAtom',
  'regexp_disjunction',
  'regexp_eatTerm',
  'regexp_classContents',
] as const

class GuardError extends Error {
  constructor(
    readonly code: 'CODE_TOO_COMPLEX' | 'FORBIDDEN_IMPORT',
    readonly offset: number,
  ) {
    super(code)
  }
}

interface AcornSyntaxError extends SyntaxError {
  pos: number
  loc: { line: number; column: number }
}

function isAcornSyntaxError(e: unknown): e is AcornSyntaxError {
  return e instanceof SyntaxError && typeof (e as Partial<AcornSyntaxError>).pos === 'number' && typeof (e as Partial<AcornSyntaxError>).loc === 'object'
}

/** The parts of acorn's parser state the overrides touch (acorn does not declare them). */
interface ParserState {
  depth: number
  deepest: number
  maxDepth: number
  start: number
  type: { binop?: number | null }
  value: unknown
  startLoc: unknown
  next(): void
  parseMaybeUnary(refDestructuringErrors: null, sawUnary: boolean, incDec: boolean, forInit: unknown): unknown
  parseExprOp(left: unknown, leftStartPos: number, leftStartLoc: unknown, minPrec: number, forInit: unknown): unknown
  buildBinary(startPos: number, startLoc: unknown, left: unknown, right: unknown, op: unknown, logical: boolean): unknown
  raiseRecoverable(pos: number, message: string): void
}

type Method = (this: ParserState, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown) => unknown

class BoundedParser extends Parser {
  depth = 0
  deepest = 0
  maxDepth = MAX_PARSE_DEPTH
  constructor(options: Options, input: string) {
    super(options, input)
  }
}

const proto = BoundedParser.prototype as unknown as Record<string, Method>

// acorn turns a stack overflow into a SyntaxError; let it surface as the host bug it would be.
proto['catchStackOverflow'] = function (this: ParserState, f) {
  return (f as () => unknown)()
}

// Dynamic import and import.meta would reach outside the sandbox; reject both at `import`.
proto['parseExprImport'] = function (this: ParserState) {
  throw new GuardError('FORBIDDEN_IMPORT', this.start)
}

/**
 * acorn 8.19's `parseExprOp` with its tail call turned into a loop: the same AST and errors, but
 * a chain like `a||b||...` (Unicode tables in real libraries run to hundreds of terms) no longer
 * costs one stack frame per operator. The remaining recursion only climbs precedence levels.
 */
proto['parseExprOp'] = function (this: ParserState, left, leftStartPos, leftStartLoc, minPrec, forInit) {
  for (;;) {
    let prec = this.type.binop
    if (prec == null || (forInit && this.type === tokTypes._in) || !(prec > (minPrec as number))) return left
    const logical = this.type === tokTypes.logicalOR || this.type === tokTypes.logicalAND
    const coalesce = this.type === tokTypes.coalesce
    if (coalesce) prec = (tokTypes.logicalAND as { binop?: number }).binop
    const op = this.value
    this.next()
    const startPos = this.start
    const startLoc = this.startLoc
    const right = this.parseExprOp(this.parseMaybeUnary(null, false, false, forInit), startPos, startLoc, prec as number, forInit)
    const node = this.buildBinary(leftStartPos as number, leftStartLoc, left, right, op, logical || coalesce)
    if ((logical && this.type === tokTypes.coalesce) || (coalesce && (this.type === tokTypes.logicalOR || this.type === tokTypes.logicalAND))) {
      this.raiseRecoverable(this.start, 'Logical expressions and coalesce expressions cannot be mixed. Wrap either by parentheses')
    }
    left = node
  }
}

for (const name of COUNTED_METHODS) {
  const inner = proto[name]
  if (typeof inner !== 'function') throw new Error(`acorn has no parser method ${name}: revise the depth guard for this acorn version`)
  proto[name] = function (this: ParserState, a, b, c, d, e) {
    const depth = ++this.depth
    if (depth > this.deepest) {
      if (depth > this.maxDepth) throw new GuardError('CODE_TOO_COMPLEX', this.start)
      this.deepest = depth
    }
    try {
      return inner.call(this, a, b, c, d, e)
    } finally {
      this.depth = depth - 1
    }
  }
}
