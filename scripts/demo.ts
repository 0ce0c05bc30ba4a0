/**
 * `npm start` (until the node lands): compile the standard contracts from TypeScript, deploy
 * them into the VM over an in-memory state, and run a short ERC20 + AMM session, printing each
 * call's outcome and gas.
 */
import { createVm, disposeVm, type CallOutcome } from '../vm/index.ts'
import { TestChain, addr, artifact } from '../test/support/vmHarness.ts'

const E18 = 10n ** 18n
const alice = addr('alice')
const bob = addr('bob')
const short = (a: string) => a.slice(0, 8) + '…'

const t0 = performance.now()
const [erc20, amm] = await Promise.all([artifact('contracts/standard/ERC20.ts'), artifact('contracts/standard/AMM.ts')])
console.log(`compiled ERC20 (${erc20.code.length} chars, ${erc20.abi.methods.length} methods) and AMM (${amm.code.length} chars, ${amm.abi.methods.length} methods) in ${(performance.now() - t0).toFixed(0)} ms`)

const vm = await createVm()
const chain = new TestChain(vm)
console.log(`VM ${vm.version}`)
console.log(`accounts: alice ${alice}, bob ${bob}\n`)

function show(label: string, out: CallOutcome): CallOutcome {
  const result = out.status === 'success' ? `→ ${out.returnValue}` : `✗ ${out.code}: ${out.reason}`
  const events = out.events.length ? `  events: ${out.events.map((e) => e.name).join(', ')}` : ''
  console.log(`${label.padEnd(58)} gas ${String(out.gasUsed).padStart(9)}  ${result}${events}`)
  return out
}

function deploy(label: string, code: string, args: unknown[]): string {
  const t = performance.now()
  const { address, outcome } = chain.deployCode(alice, code, args)
  show(`deploy ${label} at ${short(address)} (${(performance.now() - t).toFixed(1)} ms)`, outcome)
  if (outcome.status !== 'success') process.exit(1)
  return address
}

const tokenA = deploy('ERC20 "Apple"', erc20.code, ['Apple', 'APL', 18, 1_000_000n * E18])
const tokenB = deploy('ERC20 "Banana"', erc20.code, ['Banana', 'BAN', 18, 1_000_000n * E18])
const pool = deploy('AMM', amm.code, [])

show('alice → bob: transfer 1,000 APL', chain.send(alice, tokenA, 'transfer', [bob, 1000n * E18]))
show('bob → alice: transfer 5,000 APL (more than he has)', chain.send(bob, tokenA, 'transfer', [alice, 5000n * E18]))
show('alice approves the AMM for APL', chain.send(alice, tokenA, 'approve', [pool, 10n ** 30n]))
show('alice approves the AMM for BAN', chain.send(alice, tokenB, 'approve', [pool, 10n ** 30n]))
show('bob approves the AMM for APL', chain.send(bob, tokenA, 'approve', [pool, 10n ** 30n]))
show('alice creates the APL/BAN pool', chain.send(alice, pool, 'createPool', [tokenA, tokenB]))
show('alice adds 10,000 APL + 20,000 BAN', chain.send(alice, pool, 'addLiquidity', [tokenA, tokenB, 10_000n * E18, 20_000n * E18, 0n, 0n]))
const quote = chain.view(pool, 'getAmountOut', [tokenA, tokenB, 100n * E18])
show('quote: 100 APL → BAN', quote)
show('bob swaps 100 APL for at least the quote', chain.send(bob, pool, 'swapExactIn', [tokenA, tokenB, 100n * E18, BigInt(JSON.parse(quote.returnValue!)), bob]))
show('bob swaps 100 APL again with the stale minimum', chain.send(bob, pool, 'swapExactIn', [tokenA, tokenB, 100n * E18, BigInt(JSON.parse(quote.returnValue!)), bob]))
show('bob BAN balance', chain.view(tokenB, 'balanceOf', [bob]))
show('pool state', chain.view(pool, 'getPool', [tokenA, tokenB]))
disposeVm(vm)
