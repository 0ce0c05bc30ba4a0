/**
 * Deploys the token. Run with `npx toolkit deploy --network local` (a node from
 * `npx toolkit node`); the address is recorded in deployments/local.json.
 */
import type { DeployContext } from 'tsvm/testing'
import type * as Token from '../contracts/Token.ts'

const E18 = 10n ** 18n

export default async function deploy({ deploy, accounts, network, log }: DeployContext): Promise<void> {
  const token = await deploy<typeof Token>('contracts/Token.ts', ['My Token', 'MTK', 18, 1_000_000n * E18])
  log(`Token (MTK) on ${network.name} at ${token.address}; 1,000,000 MTK minted to ${accounts[0]!.address}`)
}
