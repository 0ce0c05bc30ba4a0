import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../../compiler/compileContract.ts'
import { ToolkitError } from '../errors.ts'

/** Every artifact in `dir` (`<Name>.json`, not the build cache), by contract name. */
export function readArtifacts(dir: string): Map<string, Artifact> {
  const out = new Map<string, Artifact>()
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue
    try {
      const artifact = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Artifact
      if (artifact.format === 'tsvm-artifact/1') out.set(artifact.contractName, artifact)
    } catch {
      // not an artifact: skipped
    }
  }
  return out
}

/** The artifact of `name` among `artifacts`; TK_NO_ARTIFACT listing the ones there are. */
export function artifactNamed(artifacts: ReadonlyMap<string, Artifact>, name: string, dir: string): Artifact {
  const artifact = artifacts.get(name)
  if (artifact) return artifact
  const known = [...artifacts.keys()]
  throw new ToolkitError('TK_NO_ARTIFACT', `no artifact "${name}" in ${dir}`, {
    details: [known.length > 0 ? `artifacts: ${known.join(', ')}` : 'no artifacts yet'],
  })
}
