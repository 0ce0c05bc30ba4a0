/**
 * The layering of DESIGN.md §1, enforced by test/architecture.test.ts (and usable from the
 * command line: `npx depcruise contracts vm node toolkit templates`).
 * Direction: contracts ← vm ← node ← toolkit; templates → contracts only. I/O at the edges.
 */
const src = '^(contracts|vm|node|toolkit|templates)/'
module.exports = {
  forbidden: [
    { name: 'contracts-imports-nothing-of-ours', severity: 'error', from: { path: '^contracts/' }, to: { path: '^(vm|node|toolkit|templates|test|bench)/' } },
    { name: 'vm-imports-contracts-types-only', severity: 'error', from: { path: '^vm/' }, to: { path: '^contracts/', dependencyTypesNot: ['type-only'] } },
    { name: 'vm-not-node-or-toolkit', severity: 'error', from: { path: '^vm/' }, to: { path: '^(node|toolkit|templates|test|bench)/' } },
    { name: 'node-not-toolkit', severity: 'error', from: { path: '^node/' }, to: { path: '^(toolkit|templates|test|bench)/' } },
    { name: 'toolkit-not-tests', severity: 'error', from: { path: '^toolkit/' }, to: { path: '^(test|bench)/' } },
    { name: 'templates-import-contracts-only', severity: 'error', from: { path: '^templates/' }, to: { path: '^(vm|node|toolkit|test|bench)/' } },
    { name: 'level-only-in-storage', severity: 'error', from: { path: src, pathNot: '^node/storage/' }, to: { path: 'node_modules/(classic-level|level|memory-level|abstract-level)/' } },
    { name: 'network-only-at-the-edges', severity: 'error', from: { path: src, pathNot: '^(node/(p2p|rpc)|toolkit/client)/' }, to: { path: 'node_modules/ws/|^(http|https|net)$' } },
    { name: 'no-cycles', severity: 'error', from: { path: src }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.test\\.ts$', 'fixtures/'] },
  },
}
