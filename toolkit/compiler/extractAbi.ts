import ts from 'typescript'
import type { Abi, AbiEvent, AbiMethod, AbiParam, MethodKind } from '../../contracts/sdk/abi.ts'
import { createAbiTypeConverter, UnsupportedTypeError } from './createAbiTypeConverter.ts'
import type { CompileDiagnostic, CompileErrorCode } from './errors.ts'
import { relativePosix } from './relativePosix.ts'

/** The ABI of a contract, or the reasons there is none. */
export interface AbiExtraction {
  abi: Abi
  errors: CompileDiagnostic[]
  warnings: CompileDiagnostic[]
}

const KINDS: readonly MethodKind[] = ['view', 'call', 'init']
const OPTIONS = ['payable', 'reentrant'] as const

/** Strip parentheses, `as`, `satisfies` and `!` around an expression. */
function unwrapExpression(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) {
      e = e.expression
    } else if (ts.isTypeAssertionExpression(e)) {
      e = e.expression
    } else {
      return e
    }
  }
}

/** The call expression an exported const is initialised with: `view(...)`, `event<...>('X')`. */
function initializerCall(symbol: ts.Symbol): ts.CallExpression | undefined {
  const decl = symbol.valueDeclaration
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined
  const init = unwrapExpression(decl.initializer)
  return ts.isCallExpression(init) ? init : undefined
}

/**
 * Extract the ABI from the exports of the entry module: exports whose type carries `$kind`
 * (the SDK's view/call/init markers) become methods, exports whose type carries `$event`
 * become events, in export (declaration) order. Everything else is ignored.
 */
export function extractAbi(program: ts.Program, entryFile: string, root: string): AbiExtraction {
  const checker = program.getTypeChecker()
  const toAbiType = createAbiTypeConverter(program)
  const errors: CompileDiagnostic[] = []
  const warnings: CompileDiagnostic[] = []
  const methods: AbiMethod[] = []
  const events: AbiEvent[] = []

  const source = program.getSourceFile(entryFile)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!source || !moduleSymbol) return { abi: { version: 1, methods, events }, errors, warnings }

  const report = (list: CompileDiagnostic[], code: CompileErrorCode, message: string, node: ts.Node | undefined) => {
    if (!node) return list.push({ code, message })
    const file = node.getSourceFile()
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file))
    list.push({ code, message, file: relativePosix(root, file.fileName), line: line + 1, column: character + 1 })
  }

  /** Convert, turning an unsupported type into an ABI_UNSUPPORTED_TYPE error at `at`. */
  const convert = (type: ts.Type, node: ts.TypeNode | undefined, where: string, at: ts.Node | undefined, dropUndefined = false) => {
    try {
      return toAbiType(type, node, where, dropUndefined)
    } catch (e) {
      if (!(e instanceof UnsupportedTypeError)) throw e
      report(errors, 'ABI_UNSUPPORTED_TYPE', e.message, e.node ?? node ?? at)
      return undefined
    }
  }

  let firstInit: string | undefined

  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const name = exported.name
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const at = exported.declarations?.[0] ?? target.valueDeclaration
    const nameNode = at && (ts.getNameOfDeclaration(at as ts.Declaration) ?? at)
    if (name === '$abi') {
      report(errors, 'ABI_RESERVED_EXPORT', `export '$abi' is reserved for the compiled ABI`, nameNode)
      continue
    }
    if (!(target.flags & ts.SymbolFlags.Value)) continue
    const type = checker.getTypeOfSymbol(target)

    const kindProp = type.getProperty('$kind')
    if (kindProp) {
      const kindType = checker.getTypeOfSymbol(kindProp)
      const kind = kindType.isStringLiteral() ? (kindType.value as MethodKind) : undefined
      if (!kind || !KINDS.includes(kind)) {
        report(errors, 'ABI_INVALID_MARKER', `'${name}': $kind must be 'view', 'call' or 'init', got ${checker.typeToString(kindType)}`, nameNode)
        continue
      }
      if (kind === 'init') {
        if (firstInit !== undefined) {
          report(errors, 'ABI_MULTIPLE_INIT', `'${name}' is a second init (the first is '${firstInit}')`, nameNode)
          continue
        }
        firstInit = name
      }
      const method = extractMethod(name, kind, type, target, nameNode)
      if (method) methods.push(method)
      continue
    }

    const eventProp = type.getProperty('$event')
    if (eventProp) {
      const event = extractEvent(name, checker.getTypeOfSymbol(eventProp), target, nameNode)
      if (event) events.push(event)
    }
  }

  function extractMethod(name: string, kind: MethodKind, type: ts.Type, symbol: ts.Symbol, nameNode: ts.Node | undefined): AbiMethod | undefined {
    const signatures = type.getCallSignatures()
    if (signatures.length !== 1) {
      report(errors, 'ABI_INVALID_MARKER', `'${name}' must have exactly one call signature (overloads are not supported)`, nameNode)
      return undefined
    }
    const signature = signatures[0]!
    const implementation = findImplementation(symbol)
    const params: AbiParam[] = []
    let ok = true

    const addParam = (pname: string, ptype: ts.Type, optional: boolean, node: ts.TypeNode | undefined, at: ts.Node | undefined) => {
      // The markers' generic `A extends unknown[]` gives an unannotated parameter (even one with a
      // default value) the type unknown without any TypeScript error: the ABI would then pass
      // raw JSON (a bigint as a string) to the method. Demand an annotation instead.
      if (at && ts.isParameter(at) && !at.type && ptype.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) {
        report(errors, 'ABI_UNTYPED_PARAMETER', `method '${name}', parameter '${pname}' has no type annotation`, at)
        ok = false
        return
      }
      const abiType = convert(ptype, node, `method '${name}', parameter '${pname}'`, at ?? nameNode, optional)
      if (abiType === undefined) ok = false
      else params.push(optional ? { name: pname, type: abiType, optional: true } : { name: pname, type: abiType })
    }

    for (const param of signature.getParameters()) {
      const decl = param.valueDeclaration as ts.ParameterDeclaration | undefined
      const ptype = checker.getTypeOfSymbol(param)
      if (decl?.dotDotDotToken) {
        // The markers type methods as `(...args: A) => R`, A inferred from the implementation as
        // a labeled tuple: expand it back into named positional parameters.
        if (!checker.isTupleType(ptype)) {
          const restParam = implementation?.parameters.find((p) => p.dotDotDotToken)
          report(errors, 'ABI_UNSUPPORTED_TYPE', `method '${name}': rest parameters are not supported`, restParam ?? nameNode)
          ok = false
          continue
        }
        const ref = ptype as ts.TupleTypeReference
        const tuple = ref.target
        const labels = tuple.labeledElementDeclarations ?? []
        checker.getTypeArguments(ref).forEach((elementType, i) => {
          const flags = tuple.elementFlags[i]!
          const label = labels[i] ?? implementation?.parameters[i]
          const pname = label && ts.isIdentifier(label.name) ? label.name.text : `arg${i}`
          if (flags & ts.ElementFlags.Variable) {
            report(errors, 'ABI_UNSUPPORTED_TYPE', `method '${name}', parameter '${pname}': rest parameters are not supported`, label ?? nameNode)
            ok = false
            return
          }
          addParam(pname, elementType, (flags & ts.ElementFlags.Optional) !== 0, label?.type, label)
        })
        continue
      }
      const optional = decl ? checker.isOptionalParameter(decl) : false
      addParam(param.name, ptype, optional, decl?.type, decl)
    }

    const returns = convert(
      checker.getReturnTypeOfSignature(signature),
      implementation?.type,
      `method '${name}', return type`,
      implementation?.type ?? nameNode,
    )
    if (!ok || returns === undefined) return undefined

    const flags = { payable: false, reentrant: false }
    const optionsProp = type.getProperty('$options')
    if (optionsProp) {
      const optionsType = checker.getTypeOfSymbol(optionsProp)
      for (const option of OPTIONS) {
        const prop = optionsType.getProperty(option)
        if (!prop) continue
        const t = checker.getNonNullableType(checker.getTypeOfSymbol(prop))
        const text = checker.typeToString(t)
        if (text === 'true') flags[option] = true
        else if (text !== 'false') {
          // The runtime flag and the ABI would disagree (the ABI must say false): refuse.
          report(errors, 'ABI_OPTION_NOT_LITERAL', `method '${name}': option '${option}' has type ${text}; it must be the literal true or false`, nameNode)
        }
      }
    }
    return { name, kind, payable: flags.payable, reentrant: flags.reentrant, params, returns }
  }

  /** The function the marker wraps, to read its return type annotation (and parameter names). */
  function findImplementation(symbol: ts.Symbol): ts.SignatureDeclaration | undefined {
    const call = initializerCall(symbol)
    const arg = call?.arguments[0] && unwrapExpression(call.arguments[0])
    if (!arg) return undefined
    if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return arg
    if (!ts.isIdentifier(arg)) return undefined
    let s = checker.getSymbolAtLocation(arg)
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s)
    const decl = s?.valueDeclaration
    if (!decl) return undefined
    if (ts.isFunctionDeclaration(decl)) return decl
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrapExpression(decl.initializer)
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init
    }
    return undefined
  }

  function extractEvent(exportName: string, dataType: ts.Type, symbol: ts.Symbol, nameNode: ts.Node | undefined): AbiEvent | undefined {
    const call = initializerCall(symbol)
    const arg = call?.arguments[0] && unwrapExpression(call.arguments[0])
    if (!arg || !ts.isStringLiteralLike(arg)) {
      report(errors, 'ABI_EVENT_NAME_NOT_LITERAL', `event '${exportName}': the name passed to event() must be a string literal`, arg ?? nameNode)
      return undefined
    }
    if (arg.text !== exportName) {
      report(errors, 'ABI_EVENT_NAME_MISMATCH', `event exported as '${exportName}' is named '${arg.text}'`, arg)
      return undefined
    }
    // The type node of the data, from `event<{...}>('X')`, so Address fields keep their name.
    const dataNode = call.typeArguments?.[0]
    const data = convert(dataType, dataNode, `event '${exportName}'`, dataNode ?? nameNode)
    if (data === undefined) return undefined
    if (typeof data !== 'object' || !('object' in data)) {
      report(errors, 'ABI_UNSUPPORTED_TYPE', `event '${exportName}': the data must be an object type with named fields`, dataNode ?? nameNode)
      return undefined
    }
    const optional = new Set(data.optional ?? [])
    const fields: AbiParam[] = Object.entries(data.object).map(([field, type]) =>
      optional.has(field) ? { name: field, type, optional: true } : { name: field, type },
    )
    return { name: exportName, fields }
  }

  return { abi: { version: 1, methods, events }, errors, warnings }
}
