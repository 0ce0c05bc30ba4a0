/**
 * Deploys two tokens, the AMM and the router, creates the Apple/Banana pool and seeds it with
 * 10,000 APL + 20,000 BAN from account 0. When the network names a DAppRegistry (its
 * `registry` address), the app is registered there under APP_ID, or its record updated if
 * this account already owns it.
 * Run with `npx toolkit deploy --network local` (a node from `npx toolkit node`).
 */
import type { DeployContext } from 'tsvm/testing'
import type * as AMM from '../contracts/AMM.ts'
import type * as Router from '../contracts/Router.ts'
import type * as Token from '../contracts/Token.ts'

const E18 = 10n ** 18n
export const APP_ID = 'fruit-swap'
export const SEED_APPLE = 10_000n * E18
export const SEED_BANANA = 20_000n * E18

export default async function deploy({ deploy, at, accounts, network, log }: DeployContext): Promise<void> {
  const deployer = accounts[0]!
  const apple = await deploy<typeof Token>('contracts/Token.ts', ['Apple', 'APL', 18, 1_000_000n * E18], { name: 'Apple' })
  const banana = await deploy<typeof Token>('contracts/Token.ts', ['Banana', 'BAN', 18, 1_000_000n * E18], { name: 'Banana' })
  const amm = await deploy<typeof AMM>('contracts/AMM.ts')
  const router = await deploy<typeof Router>('contracts/Router.ts')
  log(`Apple ${apple.address}, Banana ${banana.address}, AMM ${amm.address}, Router ${router.address}`)

  await amm.createPool(apple.address, banana.address)
  await apple.approve(amm.address, SEED_APPLE)
  await banana.approve(amm.address, SEED_BANANA)
  const { returnValue } = await amm.addLiquidity(apple.address, banana.address, SEED_APPLE, SEED_BANANA, SEED_APPLE, SEED_BANANA)
  log(`APL/BAN pool seeded with 10,000 APL + 20,000 BAN; ${returnValue.shares} shares to ${deployer.address}`)

  if (network.registry) {
    // The registry is not one of this project's contracts: its ABI comes from its code on chain.
    const registry = await at(network.registry)
    const fields = ['Fruit Swap', 'Swap Apples for Bananas', 'http://localhost:5173', [amm.address, router.address, apple.address, banana.address]]
    const taken = (await registry.read.exists!(APP_ID)) as boolean
    if (taken) await registry.write.update!(APP_ID, ...fields)
    else await registry.write.register!(APP_ID, ...fields)
    log(`${taken ? 'updated' : 'registered'} ${APP_ID} in the DAppRegistry at ${network.registry}`)
  }
}
