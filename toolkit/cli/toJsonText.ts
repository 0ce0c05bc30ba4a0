/**
 * JSON for people and scripts: bigints as decimal strings (the chain's canonical form), so
 * amounts never lose precision. Indented when `pretty`.
 * @example toJsonText({ value: 5n }) // '{"value":"5"}'
 */
export function toJsonText(value: unknown, pretty = false): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), pretty ? 2 : undefined) ?? 'null'
}
