/**
 * Deploy-time gas instrumentation. The node (never the deployer) parses the submitted bundle
 * and inserts inline charges against `__qg_gas`, a counter the sandbox prelude declares and that
 * contract code cannot name:
 *
 * - every function entry (declarations, expressions, arrows, methods, accessors, constructors,
 *   class static blocks) and the top level once: `if((__qg_gas-=N)<0)__qg_oog();` after any
 *   directive prologue, or `((__qg_gas-=N)<0&&__qg_oog(),expr)` for an expression-bodied arrow;
 * - every loop iteration, at the start of the body (a non-block body is wrapped in braces);
 * - every instance of a class with instance fields, through an added first field
 *   `#__qg_f=(__qg_gas-=N)<0&&__qg_oog();`, since field initializers run per `new` even when the
 *   class has no constructor to hold a charge. Static fields are paid where the class is defined.
 *
 * N is the base price plus `perNode` for each AST node the charge pays for: the nodes of its
 * straight-line region, which excludes nested functions and loop bodies (they pay for
 * themselves). `*`, `**` and `<<` also go through prelude helpers that cap BigInt results
 * (capBigIntOperators.ts).
 *
 * The output is a pure function of (source, options), and nothing inserted contains a line
 * terminator, so line L of the output is line L of the input and the bundle's source map still
 * applies by line (columns shift).
 */
import { getLineInfo, type Node, type Program } from 'acorn'
import { capBigIntOperator } from './capBigIntOperators.ts'
import { applyEdits, EditList } from './edits.ts'
import { parseScript } from './parseScript.ts'

export type InstrumentErrorCode =
  | 'PARSE_ERROR'
  | 'FORBIDDEN_WITH'
  | 'FORBIDDEN_EVAL'
  | 'RESERVED_IDENTIFIER'
  | 'FORBIDDEN_IMPORT'
  | 'CODE_TOO_LARGE'
  | 'CODE_TOO_COMPLEX'

/** Why a deploy was refused, at the offending node: `line` 1-based, `column` 0-based (UTF-16 units). */
export interface InstrumentError {
  readonly code: InstrumentErrorCode
  readonly message: string
  readonly line: number
  readonly column: number
}

/** The instrumented code and how many charge sites it contains, or why the code was refused. */
export type InstrumentResult = { readonly ok: true; readonly code: string; readonly charges: number } | { readonly ok: false; readonly error: InstrumentError }

/** Gas prices used for the charges (a `GasSchedule` fits) and the size cap on submitted code. */
export interface InstrumentOptions {
  readonly functionEntry: number
  readonly loopIteration: number
  readonly perNode: number
  /** Longest accepted source, in UTF-16 code units. Default 1,048,576. */
  readonly maxCodeChars?: number
}

/** Identifiers, labels and private names with this prefix belong to the metering runtime. */
export const RESERVED_PREFIX = '__qg_'

const DEFAULT_MAX_CODE_CHARS = 1_048_576
const GAS = `${RESERVED_PREFIX}gas`
const OOG = `${RESERVED_PREFIX}oog`
/** Private field added to classes with instance fields, so field initializers pay per instance. */
const FIELD_CHARGE = `#${RESERVED_PREFIX}f`

/**
 * Instruments a contract script with gas charges, or says why it is refused (see the top of
 * this file for what is charged and how much).
 * @example
 * instrument('while (x) f()', { functionEntry: 10, loopIteration: 4, perNode: 1 })
 * // { ok: true, charges: 2, code: 'if((__qg_gas-=12)<0)__qg_oog();while (x) {if((__qg_gas-=8)<0)__qg_oog();f()}' }
 */
export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  const prices = checkOptions(options)
  if (source.length > prices.maxCodeChars) {
    return fail('CODE_TOO_LARGE', `code is ${source.length} characters, the limit is ${prices.maxCodeChars}`, 1, 0)
  }
  const parsed = parseScript(source)
  if (!parsed.ok) {
    const message = parsed.code === 'PARSE_ERROR' ? `syntax error: ${parsed.reason}` : PARSE_MESSAGES[parsed.code]
    return fail(parsed.code, message, parsed.line, parsed.column)
  }

  const plan = planCharges(parsed.program, source, prices)
  if (plan.rejection) {
    const { code, offset } = plan.rejection
    const { line, column } = getLineInfo(source, offset)
    return fail(REJECTION_CODES[code], REJECTION_MESSAGES[code], line, column)
  }
  return { ok: true, code: applyEdits(source, plan.edits.edits), charges: plan.sites }
}

interface Prices {
  functionEntry: number
  loopIteration: number
  perNode: number
  maxCodeChars: number
}

function checkOptions(options: InstrumentOptions): Prices {
  const { functionEntry, loopIteration, perNode, maxCodeChars = DEFAULT_MAX_CODE_CHARS } = options
  for (const [name, value] of Object.entries({ functionEntry, loopIteration, perNode, maxCodeChars })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`instrument: ${name} must be a non-negative safe integer, got ${value}`)
  }
  return { functionEntry, loopIteration, perNode, maxCodeChars }
}

function fail(code: InstrumentErrorCode, message: string, line: number, column: number): InstrumentResult {
  return { ok: false, error: { code, message, line, column } }
}

const PARSE_MESSAGES = {
  CODE_TOO_COMPLEX: 'code nests too deeply to parse safely; split deep expressions or nested functions',
  FORBIDDEN_IMPORT: 'import() and import.meta are not available to contracts; bundle dependencies instead',
} as const

const REJECTION_MESSAGES = {
  FORBIDDEN_WITH: 'with statements are not allowed in contracts',
  FORBIDDEN_EVAL: 'direct eval is not allowed in contracts',
  RESERVED_IDENTIFIER: `names starting with ${RESERVED_PREFIX} are reserved for gas metering; rename it`,
  FORBIDDEN_IMPORT: PARSE_MESSAGES.FORBIDDEN_IMPORT,
  UNSUPPORTED_ASSIGNMENT: 'this target of *=, **= or <<= cannot be guarded against huge BigInts; assign through a local variable',
} as const

type RejectionCode = keyof typeof REJECTION_MESSAGES

/** Rejections found in the AST, with the code they are reported under. */
const REJECTION_CODES: Readonly<Record<RejectionCode, InstrumentErrorCode>> = {
  FORBIDDEN_WITH: 'FORBIDDEN_WITH',
  FORBIDDEN_EVAL: 'FORBIDDEN_EVAL',
  RESERVED_IDENTIFIER: 'RESERVED_IDENTIFIER',
  FORBIDDEN_IMPORT: 'FORBIDDEN_IMPORT',
  UNSUPPORTED_ASSIGNMENT: 'PARSE_ERROR',
}

/** A straight-line stretch of code paid for by one charge site. */
interface Region {
  base: number
  nodes: number
}

interface Plan {
  edits: EditList
  sites: number
  rejection: { code: RejectionCode; offset: number } | null
}

type AnyNode = Node & Record<string, unknown>

interface Frame {
  node: AnyNode
  region: Region
  /** The region the enclosing class is evaluated in (computed keys of instance fields). */
  outer: Region
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

/**
 * Walks the AST once with an explicit stack (no recursion, whatever the nesting), counting each
 * node into the region that pays for it and recording where charges go. A node is in the
 * innermost function body or loop iteration that runs it: a loop's `test`, `update` and `left`
 * run every iteration, its `init` and for-in/of `right` once; function parameters run on entry;
 * instance field initializers run once per `new`; static fields and computed keys run where the
 * class is defined.
 */
function planCharges(program: Program, source: string, prices: Prices): Plan {
  const edits = new EditList()
  let rejection: Plan['rejection'] = null
  let sites = 0
  const region = (base: number): Region => {
    sites++
    return { base, nodes: 0 }
  }
  const reject = (code: RejectionCode, offset: number) => {
    if (rejection === null || offset < rejection.offset) rejection = { code, offset }
  }
  // Charge amounts are known only once the walk has counted every node, hence the thunks.
  const amount = (owner: Region) => () => {
    const gas = owner.base + prices.perNode * owner.nodes
    if (!Number.isSafeInteger(gas)) throw new RangeError(`instrument: a charge of ${gas} gas is not a safe integer; check the gas schedule`)
    return gas
  }
  const statement = (owner: Region, before = '') => {
    const gas = amount(owner)
    return () => `${before}if((${GAS}-=${gas()})<0)${OOG}();`
  }
  const chargeAtStart = (statements: AnyNode[], blockStart: number, owner: Region) => {
    let last: AnyNode | undefined
    for (const s of statements) {
      if (typeof s['directive'] !== 'string') break
      last = s
    }
    if (last === undefined) edits.open(blockStart, statement(owner))
    // A directive must stay first in its body; one written without `;` needs one before the charge.
    else edits.open(last.end, statement(owner, source.charCodeAt(last.end - 1) === 59 /* ; */ ? '' : ';'))
  }
  const chargeLoopBody = (body: AnyNode, owner: Region) => {
    if (body.type === 'BlockStatement') {
      edits.open(body.start + 1, statement(owner))
    } else {
      edits.open(body.start, statement(owner, '{'))
      edits.close(body.end, '}')
    }
  }

  const top = region(prices.functionEntry)
  chargeAtStart(program.body as unknown as AnyNode[], 0, top)
  const stack: Frame[] = [{ node: program as unknown as AnyNode, region: top, outer: top }]
  const push = (node: AnyNode, pick: (key: string) => Region, outer: Region) => {
    const keys = Object.keys(node)
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!
      const value = node[key]
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          if (isNode(value[i])) stack.push({ node: value[i], region: pick(key), outer })
        }
      } else if (isNode(value)) {
        stack.push({ node: value, region: pick(key), outer })
      }
    }
  }

  let frame: Frame | undefined
  while ((frame = stack.pop()) !== undefined) {
    const { node, region: here, outer } = frame
    here.nodes++
    const same = () => here
    switch (node.type) {
      case 'Identifier':
      case 'PrivateIdentifier':
        if ((node['name'] as string).startsWith(RESERVED_PREFIX)) reject('RESERVED_IDENTIFIER', node.start)
        break
      case 'WithStatement':
        reject('FORBIDDEN_WITH', node.start)
        push(node, same, here)
        break
      case 'CallExpression': {
        const callee = node['callee'] as AnyNode
        if (callee.type === 'Identifier' && callee['name'] === 'eval') reject('FORBIDDEN_EVAL', node.start)
        push(node, same, here)
        break
      }
      case 'ImportExpression':
      case 'MetaProperty':
        if (node.type === 'ImportExpression' || (node['meta'] as AnyNode)['name'] === 'import') reject('FORBIDDEN_IMPORT', node.start)
        push(node, same, here)
        break
      case 'BinaryExpression':
      case 'AssignmentExpression': {
        const unsupported = capBigIntOperator(node, source, edits)
        if (unsupported !== null) reject('UNSUPPORTED_ASSIGNMENT', unsupported.offset)
        push(node, same, here)
        break
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const fn = region(prices.functionEntry)
        const body = node['body'] as AnyNode
        if (body.type === 'BlockStatement') {
          chargeAtStart(body['body'] as AnyNode[], body.start + 1, fn)
        } else {
          const gas = amount(fn)
          edits.open(body.start, () => `((${GAS}-=${gas()})<0&&${OOG}(),`)
          edits.close(body.end, ')')
        }
        push(node, (key) => (key === 'id' ? here : fn), here)
        break
      }
      case 'ForStatement': {
        const loop = region(prices.loopIteration)
        chargeLoopBody(node['body'] as AnyNode, loop)
        push(node, (key) => (key === 'init' ? here : loop), here)
        break
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loop = region(prices.loopIteration)
        chargeLoopBody(node['body'] as AnyNode, loop)
        push(node, (key) => (key === 'right' ? here : loop), here)
        break
      }
      case 'WhileStatement':
      case 'DoWhileStatement': {
        const loop = region(prices.loopIteration)
        chargeLoopBody(node['body'] as AnyNode, loop)
        push(node, () => loop, here)
        break
      }
      case 'ClassBody': {
        const elements = node['body'] as AnyNode[]
        const isInstanceField = (element: AnyNode) => element.type === 'PropertyDefinition' && !element['static']
        let fields: Region | null = null
        if (elements.some(isInstanceField)) {
          fields = region(prices.functionEntry)
          const gas = amount(fields)
          edits.open(node.start + 1, () => `${FIELD_CHARGE}=(${GAS}-=${gas()})<0&&${OOG}();`)
        }
        for (let i = elements.length - 1; i >= 0; i--) {
          const element = elements[i]!
          stack.push({ node: element, region: fields !== null && isInstanceField(element) ? fields : here, outer: here })
        }
        break
      }
      case 'PropertyDefinition':
        push(node, (key) => (key === 'key' && node['computed'] ? outer : here), here)
        break
      case 'StaticBlock': {
        const block = region(prices.functionEntry)
        const statements = node['body'] as AnyNode[]
        // acorn gives no offset for the block's `{`; the first statement (or the `}`) follows it.
        edits.open(statements.length > 0 ? statements[0]!.start : node.end - 1, statement(block))
        push(node, () => block, here)
        break
      }
      default:
        push(node, same, here)
    }
  }
  return { edits, sites, rejection }
}
