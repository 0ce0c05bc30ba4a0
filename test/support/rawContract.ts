/**
 * Build a contract bundle by hand (CommonJS, methods marked as the SDK marks them), for VM
 * tests that need exact control over the code the node sees.
 * @example rawContract({ get: ['view', 'function (k) { return __chain.get(k) ?? null }'] })
 */
export function rawContract(methods: Record<string, [kind: 'view' | 'call' | 'init', source: string, options?: Record<string, boolean>]>, prologue = ''): string {
  const lines = [
    '"use strict";',
    "const mark = (kind, fn, options) => { Object.defineProperty(fn, '$kind', { value: kind }); Object.defineProperty(fn, '$options', { value: options || {} }); return fn; };",
    prologue,
  ]
  for (const [name, [kind, source, options]] of Object.entries(methods)) {
    lines.push(`module.exports[${JSON.stringify(name)}] = mark(${JSON.stringify(kind)}, (${source}), ${JSON.stringify(options ?? {})});`)
  }
  return lines.join('\n') + '\n'
}
