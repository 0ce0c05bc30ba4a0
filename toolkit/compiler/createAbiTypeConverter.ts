import ts from 'typescript'
import type { AbiType } from '../../contracts/sdk/abi.ts'

/** Why a type has no ABI form; `node` is where to point the user, when known. */
export class UnsupportedTypeError extends Error {
  constructor(
    message: string,
    readonly node?: ts.Node,
  ) {
    super(message)
    this.name = 'UnsupportedTypeError'
  }
}

/** Converts a TypeScript type to its ABI type; throws {@link UnsupportedTypeError}. */
export type AbiTypeConverter = (type: ts.Type, node: ts.TypeNode | undefined, where: string, dropUndefined?: boolean) => AbiType

// Deep enough for any real data shape; past it the type is almost surely recursive through a
// generic the stack check cannot see.
const MAX_DEPTH = 24

/**
 * Build the TS type → ABI type conversion for one program.
 *
 * Why both a type and a type node: `type Address = string` is an alias of an intrinsic, and
 * TypeScript keeps no alias on intrinsic types, so the only place `Address` is still visible is
 * the type annotation the author wrote. The node is followed alongside the type (array element,
 * tuple element, union member, alias target); where no annotation exists (an inferred return
 * type) an Address comes out as 'string', which decodes the same.
 */
export function createAbiTypeConverter(program: ts.Program): AbiTypeConverter {
  const checker = program.getTypeChecker()

  const resolveSymbol = (s: ts.Symbol | undefined): ts.Symbol | undefined =>
    s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s

  const typeName = (t: ts.Type): string => checker.typeToString(t)

  const isFromDefaultLib = (s: ts.Symbol): boolean =>
    (s.declarations ?? []).some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))

  function unwrapNode(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
    while (node && ts.isParenthesizedTypeNode(node)) node = node.type
    return node
  }

  /** The type alias a reference node names, if it names one. */
  function referencedAlias(node: ts.TypeNode | undefined): ts.Symbol | undefined {
    if (!node || !ts.isTypeReferenceNode(node)) return undefined
    const s = resolveSymbol(checker.getSymbolAtLocation(node.typeName))
    return s && s.flags & ts.SymbolFlags.TypeAlias ? s : undefined
  }

  const namesAddress = (node: ts.TypeNode | undefined): boolean => referencedAlias(node)?.name === 'Address'

  function isAddress(type: ts.Type, node: ts.TypeNode | undefined): boolean {
    if (type.aliasSymbol?.name === 'Address') return true
    return (type.flags & ts.TypeFlags.StringLike) !== 0 && namesAddress(node)
  }

  /** Follow `type X = ...` references without type arguments to the aliased node. */
  function followAliases(type: ts.Type, node: ts.TypeNode | undefined): ts.TypeNode | undefined {
    for (let i = 0; i < 16 && node; i++) {
      node = unwrapNode(node)
      // Stop at Address even when the type is `Address | undefined`: the union needs the name.
      if (!node || namesAddress(node)) return node
      const alias = referencedAlias(node)
      if (!alias || (node as ts.TypeReferenceNode).typeArguments) return node
      const decl = alias.declarations?.find(ts.isTypeAliasDeclaration)
      if (!decl) return node
      node = decl.type
    }
    return node
  }

  /** Each member node of a union annotation, with the type it denotes. */
  function unionMemberNodes(node: ts.TypeNode | undefined): Array<{ node: ts.TypeNode; type: ts.Type }> {
    if (!node || !ts.isUnionTypeNode(node)) return []
    return node.types.map((n) => ({ node: n, type: checker.getTypeFromTypeNode(n) }))
  }

  function literalOf(type: ts.Type): string | number | boolean | undefined {
    if (type.isStringLiteral()) return type.value
    if (type.isNumberLiteral()) return type.value
    if (type.flags & ts.TypeFlags.BooleanLiteral) return typeName(type) === 'true'
    return undefined
  }

  function convertUnion(
    type: ts.UnionType,
    node: ts.TypeNode | undefined,
    where: string,
    depth: number,
    dropUndefined: boolean,
    stack: Set<ts.Type>,
  ): AbiType {
    const voidish = ts.TypeFlags.Undefined | ts.TypeFlags.Void
    const hasUndefined = type.types.some((t) => t.flags & voidish)
    const members = type.types.filter((t) => !(t.flags & voidish))
    if (members.length === 0) return 'void'

    // Order members as the author wrote them when the annotation is at hand; TypeScript orders
    // union members by internal type id, which is deterministic but surprising.
    const memberNodes = unionMemberNodes(node)
    const placed = members.map((t, i) => {
      let at = memberNodes.findIndex((m) => m.type === t)
      const exact = at >= 0
      if (!exact) {
        at = memberNodes.findIndex((m) => m.type.isUnion() && m.type.types.includes(t))
      }
      return { type: t, order: at >= 0 ? at : memberNodes.length + i, node: exact ? memberNodes[at]!.node : undefined }
    })
    if (memberNodes.length === 0 && members.length === 1) placed[0]!.node = node
    placed.sort((a, b) => a.order - b.order)

    const out: AbiType[] = []
    const seen = new Set<string>()
    const push = (t: AbiType) => {
      const key = JSON.stringify(t)
      if (!seen.has(key)) {
        seen.add(key)
        out.push(t)
      }
    }
    // `boolean` is the union `true | false`: collapse it back where both halves are present.
    const booleans = placed.filter((p) => p.type.flags & ts.TypeFlags.BooleanLiteral)
    const collapseBoolean = booleans.length === 2
    for (const p of placed) {
      if (collapseBoolean && p.type.flags & ts.TypeFlags.BooleanLiteral) push('boolean')
      else push(convert(p.type, p.node, where, depth + 1, false, stack))
    }
    const inner: AbiType = out.length === 1 ? out[0]! : { union: out }
    return hasUndefined && !dropUndefined ? { optional: inner } : inner
  }

  function elementNodeOfArray(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
    if (!node) return undefined
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) node = unwrapNode(node.type)
    if (!node) return undefined
    if (ts.isArrayTypeNode(node)) return node.elementType
    if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) return node.typeArguments[0]
    return undefined
  }

  function tupleElementNodes(node: ts.TypeNode | undefined, tuple: ts.TupleType): Array<ts.TypeNode | undefined> {
    if (node && ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) node = unwrapNode(node.type)
    if (node && ts.isTupleTypeNode(node)) {
      return node.elements.map((e) => (ts.isNamedTupleMember(e) || ts.isOptionalTypeNode(e) ? e.type : e))
    }
    return (tuple.labeledElementDeclarations ?? []).map((d) => d?.type)
  }

  function convertObject(type: ts.ObjectType, node: ts.TypeNode | undefined, where: string, depth: number, stack: Set<ts.Type>): AbiType {
    if (checker.isTupleType(type)) {
      const ref = type as ts.TupleTypeReference
      const target = ref.target
      const nodes = tupleElementNodes(node, target)
      const elements = checker.getTypeArguments(ref).map((t, i) => {
        const flags = target.elementFlags[i]!
        if (flags & ts.ElementFlags.Variable) throw new UnsupportedTypeError(`${where}: tuples with rest elements are not supported`)
        const converted = convert(t, nodes[i], `${where}[${i}]`, depth + 1, flags & ts.ElementFlags.Optional ? true : false, stack)
        return flags & ts.ElementFlags.Optional ? { optional: converted } : converted
      })
      return { tuple: elements }
    }
    if (checker.isArrayType(type)) {
      const element = checker.getTypeArguments(type as ts.TypeReference)[0]!
      return { array: convert(element, elementNodeOfArray(node), `${where}[]`, depth + 1, false, stack) }
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new UnsupportedTypeError(`${where}: functions are not data and cannot cross the contract boundary`)
    }
    const symbol = type.getSymbol()
    if (symbol?.name === 'Promise' && isFromDefaultLib(symbol)) {
      throw new UnsupportedTypeError(`${where}: Promise is not supported (contract methods are synchronous; drop async)`)
    }
    if (symbol && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class) && isFromDefaultLib(symbol)) {
      throw new UnsupportedTypeError(`${where}: ${typeName(type)} is not supported (use plain objects, arrays and records)`)
    }

    const properties = checker.getPropertiesOfType(type)
    const indexInfos = checker.getIndexInfosOfType(type)
    if (indexInfos.length > 0) {
      if (properties.length > 0) {
        throw new UnsupportedTypeError(`${where}: an object with both named properties and an index signature is not supported`)
      }
      const info = indexInfos.find((i) => i.keyType.flags & ts.TypeFlags.String) ?? indexInfos[0]!
      if (!(info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.Number))) {
        throw new UnsupportedTypeError(`${where}: only string and number index signatures are supported`)
      }
      // Record<string, T> resolves through a lib mapped type; the value node is its 2nd argument.
      let valueNode = info.declaration?.type
      if (node && ts.isTypeReferenceNode(node) && node.typeArguments?.length === 2) valueNode = node.typeArguments[1]
      if (valueNode && program.isSourceFileDefaultLibrary(valueNode.getSourceFile())) valueNode = undefined
      return { record: convert(info.type, valueNode, `${where}[key]`, depth + 1, false, stack) }
    }

    const fields: Record<string, AbiType> = {}
    const optional: string[] = []
    for (const prop of properties) {
      const name = prop.name
      const decl = prop.valueDeclaration
      if (name.startsWith('__@') || name.startsWith('__#') || (decl && ts.isPrivateIdentifier((decl as ts.NamedDeclaration).name as ts.Node))) {
        throw new UnsupportedTypeError(`${where}: symbol-keyed and #private properties are not supported`)
      }
      if (decl && ts.getCombinedModifierFlags(decl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) {
        throw new UnsupportedTypeError(`${where}.${name}: private and protected members are not supported`)
      }
      if (prop.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.GetAccessor | ts.SymbolFlags.SetAccessor)) {
        throw new UnsupportedTypeError(`${where}.${name}: methods and accessors are not data (classes with methods are not supported)`)
      }
      const isOptional = (prop.flags & ts.SymbolFlags.Optional) !== 0
      const propNode = decl && 'type' in decl ? (decl.type as ts.TypeNode | undefined) : undefined
      fields[name] = convert(checker.getTypeOfSymbol(prop), propNode, `${where}.${name}`, depth + 1, isOptional, stack)
      if (isOptional) optional.push(name)
    }
    return optional.length > 0 ? { object: fields, optional } : { object: fields }
  }

  function convert(
    type: ts.Type,
    rawNode: ts.TypeNode | undefined,
    where: string,
    depth: number,
    dropUndefined: boolean,
    stack: Set<ts.Type> = new Set(),
  ): AbiType {
    if (depth > MAX_DEPTH) throw new UnsupportedTypeError(`${where}: type nested too deeply (is it recursive?)`)
    const node = followAliases(type, rawNode)
    if (isAddress(type, node)) return 'address'
    const f = type.flags
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown'
    if (f & ts.TypeFlags.Boolean) return 'boolean'
    if (f & ts.TypeFlags.Union) return convertUnion(type as ts.UnionType, node, where, depth, dropUndefined, stack)
    const literal = literalOf(type)
    if (literal !== undefined) return { literal }
    if (f & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return 'string'
    if (f & ts.TypeFlags.Number) return 'number'
    // A bigint literal has no JSON literal form ({ literal } holds string | number | boolean).
    if (f & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return 'bigint'
    if (f & ts.TypeFlags.Null) return 'null'
    if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) return 'void'
    if (f & ts.TypeFlags.ESSymbolLike) throw new UnsupportedTypeError(`${where}: symbols are not supported`)
    if (f & ts.TypeFlags.NonPrimitive) {
      throw new UnsupportedTypeError(`${where}: 'object' is too vague for the ABI (use an object type or Record<string, unknown>)`)
    }
    if (f & ts.TypeFlags.Intersection) {
      // A branded primitive (`string & { __brand: 'X' }`) travels as the primitive.
      const primitiveFlags = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike
      const primitive = (type as ts.IntersectionType).types.find((t) => t.flags & primitiveFlags)
      if (primitive) {
        const primitiveNode =
          node && ts.isIntersectionTypeNode(node) ? node.types.find((n) => checker.getTypeFromTypeNode(n) === primitive) : undefined
        return convert(primitive, primitiveNode, where, depth + 1, dropUndefined, stack)
      }
    }
    if (f & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
      if (stack.has(type)) throw new UnsupportedTypeError(`${where}: recursive types are not supported`)
      stack.add(type)
      try {
        return convertObject(type as ts.ObjectType, node, where, depth, stack)
      } finally {
        stack.delete(type)
      }
    }
    throw new UnsupportedTypeError(`${where}: type '${typeName(type)}' is not supported`)
  }

  return (type, node, where, dropUndefined = false) => convert(type, node, where, 0, dropUndefined)
}
