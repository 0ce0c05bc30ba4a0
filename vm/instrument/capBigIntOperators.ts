import type { Node } from 'acorn'
import { expectToken, skipTrivia, type EditList } from './edits.ts'

type AnyNode = Node & Record<string, unknown>

/**
 * The operators whose BigInt results can grow faster than gas pays for them, and the prelude
 * helpers that compute them and refuse results over the size cap (a product of two megabit
 * BigInts is one native call that runs for seconds). `+` and `-` add one bit per operation, so
 * gas bounds them.
 */
const HELPERS: Readonly<Record<string, string>> = { '*': '__qg_mul', '**': '__qg_pow', '<<': '__qg_shl' }
const OPSET = '__qg_opset'

/** Why an operator could not be rewritten, at the offset of its expression. */
export interface UnsupportedTarget {
  offset: number
}

/**
 * Routes `a * b`, `a ** b`, `a << b` and their assignment forms through the prelude helpers:
 * `a*b` → `__qg_mul(a,b)`; `x *= v` → `x =__qg_mul(x, v)` when `x` is a name or `name.prop`
 * (reading it twice has no effect); `o[k()] *= v` → `__qg_opset(__qg_mul,o,k(), v)`, which
 * evaluates the object and key once. Returns a rejection for targets it cannot rewrite without
 * evaluating something twice (a private member or `super[k]` behind a computed or nested
 * object). Only single tokens are replaced, so comments and line breaks stay where they were.
 */
export function capBigIntOperator(node: AnyNode, source: string, edits: EditList): UnsupportedTarget | null {
  if (node.type === 'BinaryExpression') {
    const operator = node['operator'] as string
    const helper = HELPERS[operator]
    if (helper === undefined) return null
    const at = expectToken(source, (node['left'] as AnyNode).end, operator)
    edits.open(node.start, `${helper}(`)
    edits.replace(at, at + operator.length, ',')
    edits.close(node.end, ')')
    return null
  }
  if (node.type !== 'AssignmentExpression') return null
  const operator = node['operator'] as string
  const helper = HELPERS[operator.slice(0, -1)]
  if (helper === undefined || !operator.endsWith('=')) return null
  const target = node['left'] as AnyNode
  const after = skipTrivia(source, target.end)
  const at = after.next
  if (!source.startsWith(operator, at)) throw new Error(`instrument: expected ${operator} at offset ${at}`)

  const repeatable = repeatableText(target)
  if (repeatable !== null) {
    edits.replace(at, at + operator.length, `=${helper}(${repeatable},`)
    edits.close(node.end, ')')
    return null
  }
  if (target.type !== 'MemberExpression') return { offset: node.start }
  const object = target['object'] as AnyNode
  const property = target['property'] as AnyNode
  if (object.type === 'Super' || property.type === 'PrivateIdentifier') return { offset: node.start }

  // `(o[k]) *= v`: the parentheses around the target would split the helper's arguments.
  const before = skipTrivia(source, node.start, target.start)
  if (before.next !== target.start) throw new Error(`instrument: unexpected text before offset ${target.start}`)
  for (const paren of [...before.parens, ...after.parens]) edits.replace(paren, paren + 1, '')
  edits.open(target.start, `${OPSET}(${helper},`)
  if (target['computed']) {
    const bracket = expectToken(source, object.end, '[')
    edits.replace(bracket, bracket + 1, ',')
    const closing = expectToken(source, property.end, ']')
    edits.replace(closing, closing + 1, '')
  } else {
    const dot = expectToken(source, object.end, '.')
    edits.replace(dot, dot + 1, ',')
    edits.replace(property.start, property.end, JSON.stringify(property['name']))
  }
  edits.replace(at, at + operator.length, ',')
  edits.close(node.end, ')')
  return null
}

/** Source text for a target that can be read again without effects, or null. */
function repeatableText(target: AnyNode): string | null {
  if (target.type === 'Identifier') return target['name'] as string
  if (target.type !== 'MemberExpression' || target['computed']) return null
  const object = target['object'] as AnyNode
  const property = target['property'] as AnyNode
  const base = object.type === 'Identifier' ? (object['name'] as string) : object.type === 'ThisExpression' ? 'this' : object.type === 'Super' ? 'super' : null
  if (base === null) return null
  return `${base}.${property.type === 'PrivateIdentifier' ? '#' : ''}${property['name'] as string}`
}
