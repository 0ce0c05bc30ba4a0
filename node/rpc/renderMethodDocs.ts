import { z } from 'zod'
import { rpcErrors, type RpcErrorDescriptor } from './errors.ts'
import { toJson } from './toJson.ts'
import type { RpcMethods } from './types.ts'

/** What to put around the method list. */
export interface MethodDocsOptions {
  readonly title?: string
  /** Markdown placed after the title, before the general notes. */
  readonly intro?: string
  /** Extra error codes to list after the server's own (the node passes its chain errors). */
  readonly errors?: Readonly<Record<string, RpcErrorDescriptor>>
}

/**
 * Renders the method table as markdown: per method its description, params as JSON Schema,
 * and an example request and response; then every error code. Methods are sorted by name so
 * the output is stable under version control. Throws if an example's params do not pass the
 * method's own schema, so docs cannot drift from the code.
 * @example
 * await writeFile('docs/rpc.md', renderMethodDocs(methods, { errors: chainErrors }))
 */
export function renderMethodDocs(methods: RpcMethods, options: MethodDocsOptions = {}): string {
  const names = Object.keys(methods).sort()
  const out: string[] = [`# ${options.title ?? 'JSON-RPC API'}`, '']
  if (options.intro !== undefined) out.push(options.intro, '')
  out.push(
    'JSON-RPC 2.0 over HTTP (`POST /`, `content-type: application/json`) and WebSocket (same port). ' +
      'Batches (arrays of requests) and notifications (requests without `id`) are supported. ' +
      '`bigint` values (amounts, gas) are sent as decimal strings, e.g. `"1000000000000000000"`; read them with `BigInt(s)`. ' +
      'Subscription events arrive over WebSocket as `{"jsonrpc":"2.0","method":"subscription","params":{"subscription":id,"result":…}}`.',
    '',
    '## Methods',
    '',
    ...names.map((name) => `- [\`${name}\`](#${anchor(name)})`),
    '',
  )

  for (const name of names) {
    const method = methods[name]
    if (method === undefined) continue
    out.push(`### \`${name}\``, '', method.description, '', '**Params** (JSON Schema):', '', fence(paramsSchema(method.params)), '')
    const example = method.example
    if (example === undefined) {
      out.push('_No example given._', '')
      continue
    }
    if (!method.params.safeParse(example.params).success) {
      throw new Error(`renderMethodDocs: the example params of ${name} do not pass its params schema; fix the example`)
    }
    out.push(
      '**Example request:**',
      '',
      fence(toJson({ jsonrpc: '2.0', id: 1, method: name, params: example.params }, 2)),
      '',
      '**Example response:**',
      '',
      fence(toJson({ jsonrpc: '2.0', id: 1, result: example.result }, 2)),
      '',
    )
  }

  out.push('## Errors', '', '| Code | Name | Message | What to do |', '| ---: | --- | --- | --- |')
  const errors = [...Object.entries(rpcErrors), ...Object.entries(options.errors ?? {})].sort(([, a], [, b]) => a.code - b.code)
  for (const [name, e] of errors) out.push(`| ${e.code} | \`${name}\` | ${cell(e.message)} | ${cell(e.hint)} |`)
  out.push('')
  return out.join('\n')
}

function paramsSchema(schema: z.ZodType): string {
  try {
    // Input side: the docs describe what a client sends, before transforms.
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
    return JSON.stringify(rest, null, 2)
  } catch {
    return '"(not representable as JSON Schema)"'
  }
}

function fence(json: string): string {
  return '```json\n' + json + '\n```'
}

function anchor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '')
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
