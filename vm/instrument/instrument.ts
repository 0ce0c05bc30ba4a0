import { Parser, type Node } from 'acorn'

/**
 * Deploy-time instrumentation: the node (never the deployer) parses the submitted bundle and
 * inserts a gas charge at every function entry and every loop iteration, against the counter
 * `__qg_gas` that the sandbox prelude declares. The output is a pure function of (source,
 * options): every node derives byte-identical code from the code hash it stores.
 *
 * Also here, because the engine cannot meter them: `*`, `**` and `<<` (and their assignment
 * forms) become calls that refuse BigInt results over the size cap, since a multiplication
 * or division of megabit BigInts runs for seconds inside one native call.
 *
 * Line numbers are preserved exactly (nothing inserted contains a newline), so the bundle's
 * source map still applies line by line; columns shift on lines with insertions.
 */

export type InstrumentErrorCode =
  | 'PARSE_ERROR'
  | 'FORBIDDEN_WITH'
  | 'FORBIDDEN_EVAL'
  | 'RESERVED_IDENTIFIER'
  | 'FORBIDDEN_IMPORT'
  | 'CODE_TOO_LARGE'
  | 'CODE_TOO_COMPLEX'

export interface InstrumentError {
  readonly code: InstrumentErrorCode
  readonly message: string
  /** 1-based. */
  readonly line: number
  /** 0-based. */
  readonly column: number
}

export type InstrumentResult = { readonly ok: true; readonly code: string; readonly charges: number } | { readonly ok: false; readonly error: InstrumentError }

export interface InstrumentOptions {
  readonly functionEntry: number
  readonly loopIteration: number
  readonly perNode: number
  readonly maxCodeChars?: number
}

/** Identifiers with this prefix belong to the sandbox; contract code may not use them. */
export const RESERVED_PREFIX = '__qg_'

/**
 * Parser recursion budget, in weighted units. Measured on Node 20 with the default stack:
 * acorn runs out at about 1,150 nested parentheses (~870 bytes of V8 stack per
 * parseMaybeAssign level) and 5,100 chained binary operators (~200 bytes per parseExprOp
 * level). Weighting assignment/unary/statement levels 4 and operator levels 1, a budget of
 * 1,000 keeps the worst case near 250 KB: a quarter of the stack. Counting levels, not
 * catching RangeError, is what makes the verdict the same on every node.
 */
const DEPTH_BUDGET = 1000
const HEAVY = 4

class ComplexityError extends Error {
  constructor(readonly pos: number) {
    super('code nests too deeply')
  }
}

/** acorn with a deterministic recursion guard on its recursive entry points. */
class GuardedParser extends Parser {
  depth = 0
  private enter(weight: number): void {
    this.depth += weight
    if (this.depth > DEPTH_BUDGET) throw new ComplexityError((this as unknown as { start: number }).start)
  }
  parseMaybeAssign(...args: unknown[]): Node {
    this.enter(HEAVY)
    try {
      return (Parser.prototype as any).parseMaybeAssign.apply(this, args)
    } finally {
      this.depth -= HEAVY
    }
  }
  parseMaybeUnary(...args: unknown[]): Node {
    this.enter(HEAVY)
    try {
      return (Parser.prototype as any).parseMaybeUnary.apply(this, args)
    } finally {
      this.depth -= HEAVY
    }
  }
  parseStatement(...args: unknown[]): Node {
    this.enter(HEAVY)
    try {
      return (Parser.prototype as any).parseStatement.apply(this, args)
    } finally {
      this.depth -= HEAVY
    }
  }
  parseExprOp(...args: unknown[]): Node {
    this.enter(1)
    try {
      return (Parser.prototype as any).parseExprOp.apply(this, args)
    } finally {
      this.depth -= 1
    }
  }
}

type AnyNode = Node & Record<string, any>

interface Insertion {
  readonly pos: number
  readonly text: string
  /** open: starts a wrapper; close: ends one; replace: replaces source up to `end`. */
  readonly kind: 'open' | 'close' | 'replace'
  /** Nesting depth of the node it belongs to: at one position, outer opens go first, inner closes first. */
  readonly depth: number
  readonly end?: number
}

const KIND_RANK = { close: 0, replace: 1, open: 2 } as const

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement'])
const OPERATOR_HELPERS: Record<string, string> = { '*': '__qg_mul', '**': '__qg_pow', '<<': '__qg_shl' }

/**
 * Instrument a contract bundle (a script, ES2022).
 * @example instrument('for(;;){}', GAS_SCHEDULE_V1) // { ok: true, code: 'for(;;){if((__qg_gas-=5)<0)__qg_oog();}', charges: 1 }
 */
export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  const max = options.maxCodeChars ?? 1_048_576
  if (source.length > max) return fail('CODE_TOO_LARGE', `code is ${source.length} characters; the limit is ${max}`, 1, 0)

  let ast: AnyNode
  try {
    ast = GuardedParser.parse(source, {
      ecmaVersion: 2022,
      sourceType: 'script',
      locations: true,
      preserveParens: true,
      allowHashBang: false,
      allowReturnOutsideFunction: false,
    }) as AnyNode
  } catch (e) {
    if (e instanceof ComplexityError) {
      const { line, column } = lineColumn(source, e.pos)
      return fail('CODE_TOO_COMPLEX', 'code nests too deeply (expressions, blocks or operator chains); split it into smaller functions', line, column)
    }
    const err = e as { loc?: { line: number; column: number }; message?: string }
    return fail('PARSE_ERROR', String(err.message ?? e), err.loc?.line ?? 1, err.loc?.column ?? 0)
  }

  const insertions: Insertion[] = []
  // Charge regions: a function body or a loop body; each node counts toward the innermost one.
  const regionCost = new Map<AnyNode, number>()
  const regionSite = new Map<AnyNode, (cost: number) => void>()
  const open = (pos: number, text: string, depth: number) => insertions.push({ pos, text, kind: 'open', depth })
  const close = (pos: number, text: string, depth: number) => insertions.push({ pos, text, kind: 'close', depth })
  const replace = (pos: number, end: number, text: string, depth: number) => insertions.push({ pos, end, text, kind: 'replace', depth })

  const chargeText = (n: number) => `if((__qg_gas-=${n})<0)__qg_oog();`
  const openRegion = (owner: AnyNode, base: number, place: (cost: number) => void) => {
    regionCost.set(owner, base)
    regionSite.set(owner, place)
  }

  // Iterative walk: the tree may be ~DEPTH_BUDGET deep; an explicit stack keeps us off V8's.
  const stack: Array<{ node: AnyNode; region: AnyNode | null; depth: number }> = [{ node: ast, region: null, depth: 0 }]
  while (stack.length > 0) {
    const { node, region: outer, depth } = stack.pop()!
    let region = outer
    if (region) regionCost.set(region, regionCost.get(region)! + options.perNode)

    const bad = check(node)
    if (bad) return bad

    if (FUNCTIONS.has(node.type)) {
      region = node
      const body = node.body as AnyNode
      if (body.type === 'BlockStatement') {
        const at = afterDirectives(body)
        openRegion(node, options.functionEntry, (n) => open(at, chargeText(n), depth))
      } else {
        openRegion(node, options.functionEntry, (n) => {
          open(body.start, `((__qg_gas-=${n})<0&&__qg_oog(),`, depth)
          close(body.end, ')', depth)
        })
      }
    } else if (node.type === 'StaticBlock') {
      region = node
      openRegion(node, options.functionEntry, (n) => open(node.start + openBrace(source, node.start), chargeText(n), depth))
    } else if (LOOPS.has(node.type)) {
      const body = node.body as AnyNode
      // The loop head (test, update) runs per iteration too; the loop base price covers it.
      region = body
      if (body.type === 'BlockStatement') openRegion(body, options.loopIteration, (n) => open(body.start + 1, chargeText(n), depth))
      else {
        openRegion(body, options.loopIteration, (n) => {
          open(body.start, '{' + chargeText(n), depth)
          close(body.end, '}', depth)
        })
      }
      pushChildren(node, stack, outer, depth + 1, body, region)
      continue
    } else if (node.type === 'BinaryExpression' && OPERATOR_HELPERS[node.operator]) {
      const opAt = operatorPosition(source, node.left.end, node.right.start, node.operator)
      open(node.start, OPERATOR_HELPERS[node.operator] + '(', depth)
      replace(opAt, opAt + node.operator.length, ',', depth)
      close(node.end, ')', depth)
    } else if (node.type === 'AssignmentExpression' && OPERATOR_HELPERS[node.operator.slice(0, -1)]) {
      const helper = OPERATOR_HELPERS[node.operator.slice(0, -1)]!
      let target = node.left as AnyNode
      while (target.type === 'ParenthesizedExpression') target = target.expression
      const opAt = operatorPosition(source, node.left.end, node.right.start, node.operator)
      if (target.type === 'Identifier' || (target.type === 'MemberExpression' && isPure(target.object) && !target.computed)) {
        // x *= y  →  x = __qg_mul(x, y)   (the target has no side effects to repeat)
        const targetText = source.slice(target.start, target.end)
        replace(opAt, opAt + node.operator.length, `= ${helper}(${targetText},`, depth)
        close(node.end, ')', depth)
      } else if (target.type === 'MemberExpression' && target.object.type !== 'Super' && target.property.type !== 'PrivateIdentifier') {
        // o[k()] *= y  →  __qg_opset(__qg_mul, o, k(), y): object and key evaluated once
        replace(node.left.start, target.object.start, `__qg_opset(${helper},`, depth)
        if (!target.computed) replace(target.object.end, opAt + node.operator.length, `,${JSON.stringify(target.property.name)},`, depth)
        else {
          replace(target.object.end, target.property.start, ',', depth)
          replace(target.property.end, opAt + node.operator.length, ',', depth)
        }
        close(node.end, ')', depth)
      } else {
        const { line, column } = lineColumn(source, node.start)
        return fail('PARSE_ERROR', `unsupported target for ${node.operator}`, line, column)
      }
    }
    pushChildren(node, stack, region, depth + 1)
  }

  let charges = 0
  for (const [owner, place] of regionSite) {
    place(regionCost.get(owner)!)
    charges++
  }
  return { ok: true, code: apply(source, insertions), charges }
}

function fail(code: InstrumentErrorCode, message: string, line: number, column: number): InstrumentResult {
  return { ok: false, error: { code, message, line, column } }
}

/** Reject what could reach the gas counter or run code the instrumenter never saw. */
function check(node: AnyNode): InstrumentResult | undefined {
  const at = (code: InstrumentErrorCode, message: string) => fail(code, message, node.loc!.start.line, node.loc!.start.column)
  switch (node.type) {
    case 'WithStatement':
      return at('FORBIDDEN_WITH', '`with` is not allowed in contracts')
    case 'CallExpression':
      if (node.callee.type === 'Identifier' && node.callee.name === 'eval') return at('FORBIDDEN_EVAL', 'direct eval is not allowed in contracts')
      return undefined
    case 'Identifier':
    case 'PrivateIdentifier':
      if (node.name.startsWith(RESERVED_PREFIX)) return at('RESERVED_IDENTIFIER', `identifiers starting with ${RESERVED_PREFIX} are reserved for the sandbox`)
      return undefined
    case 'ImportExpression':
      return at('FORBIDDEN_IMPORT', 'dynamic import() is not available in contracts; bundle the module instead')
    case 'MetaProperty':
      if (node.meta.name === 'import') return at('FORBIDDEN_IMPORT', 'import.meta is not available in contracts')
      return undefined
    default:
      return undefined
  }
}

/** Push child nodes (in reverse, so they are visited in source order); `special` gets its own region. */
function pushChildren(node: AnyNode, stack: Array<{ node: AnyNode; region: AnyNode | null; depth: number }>, region: AnyNode | null, depth: number, special?: AnyNode, specialRegion?: AnyNode | null): void {
  const children: AnyNode[] = []
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'type' || key === 'start' || key === 'end') continue
    const v = node[key]
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') children.push(c)
    } else if (v && typeof v.type === 'string') children.push(v)
  }
  for (let i = children.length - 1; i >= 0; i--) {
    const c = children[i]!
    stack.push({ node: c, region: c === special ? specialRegion ?? region : region, depth })
  }
}

/** Insertion point inside a function body: after `{` and any directive prologue ("use strict"). */
function afterDirectives(body: AnyNode): number {
  let at = body.start + 1
  for (const s of body.body as AnyNode[]) {
    if (s.type === 'ExpressionStatement' && typeof s.directive === 'string') at = s.end
    else break
  }
  return at
}

/** Offset of the `{` of a static block from its start (`static {`). */
function openBrace(source: string, start: number): number {
  return source.indexOf('{', start) - start + 1
}

/** The position of `op` between two operands, skipping whitespace and comments. */
function operatorPosition(source: string, from: number, to: number, op: string): number {
  let i = from
  while (i < to) {
    const c = source.charCodeAt(i)
    if (c === 0x2f && source.charCodeAt(i + 1) === 0x2f) {
      while (i < to && source.charCodeAt(i) !== 0x0a) i++
    } else if (c === 0x2f && source.charCodeAt(i + 1) === 0x2a) {
      const end = source.indexOf('*/', i + 2)
      i = end < 0 ? to : end + 2
    } else if (source.startsWith(op, i)) return i
    else i++
  }
  throw new Error(`instrument: operator ${op} not found between ${from} and ${to}`)
}

/** An expression that may be evaluated twice without effects. */
function isPure(node: AnyNode): boolean {
  return node.type === 'Identifier' || node.type === 'ThisExpression' || node.type === 'Super'
}

function lineColumn(source: string, pos: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < pos && i < source.length; i++) {
    if (source.charCodeAt(i) === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: pos - lineStart }
}

/** Apply insertions and replacements in position order. */
function apply(source: string, insertions: Insertion[]): string {
  insertions.sort((a, b) => {
    if (a.pos !== b.pos) return a.pos - b.pos
    if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind]
    return a.kind === 'close' ? b.depth - a.depth : a.depth - b.depth
  })
  const out: string[] = []
  let at = 0
  for (const ins of insertions) {
    if (ins.pos < at) continue // inside a replaced range: its text is already gone
    out.push(source.slice(at, ins.pos), ins.text)
    at = ins.end ?? ins.pos
  }
  out.push(source.slice(at))
  return out.join('')
}
