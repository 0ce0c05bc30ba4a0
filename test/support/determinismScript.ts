import type { CallOutcome, Vm } from '../../vm/index.ts'
import { TestChain, addr } from './vmHarness.ts'

const show = (o: CallOutcome) =>
  JSON.stringify({ s: o.status, c: o.code, r: o.reason, g: o.gasUsed, v: o.returnValue, e: o.events, st: o.storageChanges, b: o.balanceChanges.map((x) => [x.address, x.balance.toString()]) })

/** A fixed sequence touching tokens, the AMM, dates, randomness and failures; one line per outcome. */
export async function determinismScript(vm: Vm): Promise<string[]> {
  const chain = new TestChain(vm)
  const alice = addr('alice'), bob = addr('bob')
  const lines: string[] = []
  const a = await chain.deploy('contracts/standard/ERC20.ts', alice, ['A', 'A', 18, 10n ** 24n])
  const b = await chain.deploy('contracts/standard/ERC20.ts', alice, ['B', 'B', 18, 10n ** 24n])
  const amm = await chain.deploy('contracts/standard/AMM.ts', alice)
  const h = await chain.deploy('test/contracts/hostile/Hostile.ts', alice)
  const steps: Array<() => CallOutcome> = [
    () => chain.send(alice, a, 'approve', [amm, 10n ** 30n]),
    () => chain.send(alice, b, 'approve', [amm, 10n ** 30n]),
    () => chain.send(alice, amm, 'createPool', [a, b]),
    () => chain.send(alice, amm, 'addLiquidity', [a, b, 10n ** 21n, 3n * 10n ** 21n, 0n, 0n]),
    () => chain.send(alice, amm, 'swapExactIn', [a, b, 10n ** 18n, 0n, bob]),
    () => chain.send(alice, amm, 'swapExactIn', [b, a, 7n * 10n ** 17n, 0n, bob]),
    () => chain.send(bob, a, 'transfer', [alice, 10n ** 30n]),
    () => chain.view(h, 'localDate'),
    () => chain.view(h, 'dateString'),
    () => chain.view(h, 'annexBYear'),
    () => chain.send(alice, h, 'random'),
    () => chain.send(alice, h, 'infiniteLoop', [], { gasLimit: 2_000_000 }),
    () => chain.send(alice, h, 'recurse', [], { gasLimit: 2_000_000 }),
    () => chain.send(alice, h, 'regexBomb', [], { gasLimit: 2_000_000 }),
    () => chain.send(alice, h, 'memoryBomb', [], { gasLimit: 100_000_000 }),
    () => chain.send(alice, h, 'throwTypeError'),
    () => chain.send(alice, h, 'bump'),
  ]
  for (const step of steps) {
    lines.push(show(step()))
    chain.height++
    chain.time += 12_345
  }
  return lines
}
