/**
 * Generates docs/rpc.md from the node's method table (descriptions, schemas, examples) and
 * the error registries: `npm run docs:rpc`. A test fails when the committed page is stale.
 */
import { writeFileSync } from 'node:fs'
import { loadNodeConfig } from '../config/loadNodeConfig.ts'
import { closeNode, createNode } from '../createNode.ts'
import { chainErrors } from './chainMethods.ts'
import { renderMethodDocs } from './renderMethodDocs.ts'
import { nodeMethods } from './startRpc.ts'

/** The markdown of docs/rpc.md. */
export async function rpcDocs(): Promise<string> {
  const node = await createNode(loadNodeConfig({ overrides: { genesis: { devAccounts: 1 } } }))
  try {
    return renderMethodDocs(nodeMethods(node), {
      title: 'tsvm node JSON-RPC',
      intro: [
        'Every method the node serves, generated from its method table (`node/rpc/chainMethods.ts`): run `npm run docs:rpc` after changing one.',
        '',
        'Conventions: amounts (balances, values, fees, nonces) are decimal strings; addresses are `0x` + 40 lowercase hex digits; hashes `0x` + 64.',
        'Contract arguments are a JSON array in the canonical encoding (bigint as a decimal string); return values and event data come back as canonical JSON text.',
        '`chain_*` methods serve any node; `dev_*` methods change a dev chain directly (snapshots, time, balances, hot-reload code).',
        '',
        'Raw example (a view call):',
        '',
        '```sh',
        "curl -s http://127.0.0.1:8545 -H 'content-type: application/json' \\",
        '  -d \'{"jsonrpc":"2.0","id":1,"method":"chain_call","params":[{"to":"0x1ec7…","method":"balanceOf","args":["0x2f72…"]}]}\'',
        '```',
      ].join('\n'),
      errors: chainErrors,
    } as never)
  } finally {
    await closeNode(node)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../../docs/rpc.md', import.meta.url), await rpcDocs())
  console.log('wrote docs/rpc.md')
}
