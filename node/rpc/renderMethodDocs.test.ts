import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineRpcMethod } from './defineRpcMethod.ts'
import { defineRpcErrors, rpcErrors } from './errors.ts'
import { renderMethodDocs } from './renderMethodDocs.ts'

const methods = {
  getBalance: defineRpcMethod({
    params: z.tuple([z.string().describe('address')]),
    handler: () => 0n,
    description: 'Balance of an account in base units.',
    example: { params: ['0xab'], result: 10n ** 18n },
  }),
  chainInfo: defineRpcMethod({ params: z.object({}), handler: () => ({}), description: 'Chain id and head.' }),
}

describe('renderMethodDocs', () => {
  it('every method: a section with its description, params schema, example request and response', () => {
    const md = renderMethodDocs(methods)
    expect(md).toContain('### `getBalance`')
    expect(md).toContain('Balance of an account in base units.')
    expect(md).toContain('"method": "getBalance"')
    expect(md).toContain('"result": "1000000000000000000"')
    expect(md).toContain('"prefixItems"')
    expect(md).toContain('### `chainInfo`')
    expect(md.indexOf('### `chainInfo`')).toBeLessThan(md.indexOf('### `getBalance`'))
  })

  it('errors: every server code and the chain codes passed in are listed', () => {
    const chain = defineRpcErrors({ NONCE_TOO_LOW: { code: -32050, message: 'Nonce too low', hint: 'Refetch the nonce.' } })
    const md = renderMethodDocs(methods, { errors: chain })
    for (const { code } of [...Object.values(rpcErrors), chain.NONCE_TOO_LOW]) expect(md).toContain(`| ${code} |`)
  })

  it('example params that fail the schema → throws', () => {
    const bad = { x: defineRpcMethod({ params: z.tuple([z.number()]), handler: () => 1, description: 'x', example: { params: ['1'] as unknown as [number], result: 1 } }) }
    expect(() => renderMethodDocs(bad)).toThrow()
  })
})
