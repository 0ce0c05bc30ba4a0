/**
 * JSON.stringify that never throws on bigint: a bigint becomes its decimal string
 * (`10n` → `"10"`), the same canonical form the VM uses for token amounts (DESIGN.md §2).
 * Clients turn amounts back with `BigInt(s)`. A decimal string rather than a number because
 * JSON numbers lose precision above 2^53 in every JavaScript client.
 * `undefined` at the top level becomes `null` so a response always carries a value.
 * @example
 * toJson({ balance: 10n ** 20n }) // '{"balance":"100000000000000000000"}'
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, bigintReplacer, indent) ?? 'null'
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
