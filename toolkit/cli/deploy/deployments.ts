import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** One recorded deployment: where the contract is, which code, and the transaction that made it. */
export interface DeploymentRecord {
  readonly address: string
  readonly codeHash: string
  readonly txHash: string
  readonly block: number
}

/** `deployments/<network>.json`: deployment name → record. */
export type DeploymentsFile = Record<string, DeploymentRecord>

export const deploymentsFile = (dir: string, network: string): string => path.join(dir, `${network}.json`)

/** The records of a network ({} when the file does not exist). */
export function readDeployments(file: string): DeploymentsFile {
  if (!existsSync(file)) return {}
  return JSON.parse(readFileSync(file, 'utf8')) as DeploymentsFile
}

/** Write the records (atomically: a temp file renamed over the old one). */
export function writeDeployments(file: string, records: DeploymentsFile): void {
  mkdirSync(path.dirname(file), { recursive: true })
  const sorted = Object.fromEntries(Object.entries(records).sort(([a], [b]) => a.localeCompare(b)))
  writeFileSync(`${file}.tmp`, JSON.stringify(sorted, null, 2) + '\n')
  renameSync(`${file}.tmp`, file)
}
