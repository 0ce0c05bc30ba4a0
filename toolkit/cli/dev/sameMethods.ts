import type { Abi } from '../../../contracts/sdk/abi.ts'

/** The methods' names, kinds and parameters as comparable text (order of methods ignored). */
function methodShape(abi: Abi): string {
  return JSON.stringify(
    abi.methods
      .map((m) => ({ name: m.name, kind: m.kind, payable: m.payable, params: m.params.map((p) => ({ name: p.name, type: p.type, optional: p.optional ?? false })) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  )
}

/**
 * Whether two ABIs have the same methods (names, kinds, payability, parameters): the new code
 * can replace the old in place without callers noticing. Return types and events may differ.
 */
export function sameMethods(a: Abi, b: Abi): boolean {
  return methodShape(a) === methodShape(b)
}
