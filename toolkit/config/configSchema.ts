import { z } from 'zod'
import type { ToolkitUserConfig } from './defineConfig.ts'
import { isSecretKeyHex, issuePath } from './resolveCheckedConfig.ts'

export { isSecretKeyHex, issuePath }

const ENV_REF = /^env:[A-Za-z_][A-Za-z0-9_]*$/
const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

const account = z.custom<number | string>(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && (isSecretKeyHex(v) || ENV_REF.test(v))),
  { error: "a dev account index (0, 1, ...), a secret key (0x + 64 hex digits) or 'env:VARIABLE'" },
)

const rpcUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:', 'ws:', 'wss:'].includes(new URL(v).protocol)
  } catch {
    return false
  }
}, 'a URL starting with http://, https://, ws:// or wss://')

const network = z
  .object({
    url: rpcUrl.optional(),
    inProcess: z.literal(true).optional(),
    accounts: z.array(account).optional(),
    timeoutMs: z.number().int().positive().optional(),
    registry: z.string().regex(/^0x[0-9a-f]{40}$/, 'an address: 0x + 40 lowercase hex digits').optional(),
    register: z.boolean().optional(),
  })
  .strict()
  .superRefine((n, ctx) => {
    if ((n.url === undefined) === (n.inProcess === undefined)) ctx.addIssue({ code: 'custom', message: 'give either `url` or `inProcess: true`', path: [] })
    if (n.inProcess && n.timeoutMs !== undefined) ctx.addIssue({ code: 'custom', message: 'only url networks have a timeout', path: ['timeoutMs'] })
    if (n.register && n.registry === undefined) ctx.addIssue({ code: 'custom', message: 'register needs the registry address', path: ['register'] })
  })

const relativeDir = z.string().min(1, 'a folder path')

/**
 * The run-time check of a user config (keep in step with the type {@link ToolkitUserConfig}). Strict: an
 * unknown field is an error, since a misspelt one would otherwise be silently ignored.
 */
export const userConfigSchema = z
  .object({
    defaultNetwork: z.string().min(1).optional(),
    paths: z
      .object({ contracts: relativeDir, artifacts: relativeDir, deploy: relativeDir, tests: relativeDir, deployments: relativeDir })
      .partial()
      .strict()
      .optional(),
    networks: z.record(z.string().regex(NETWORK_NAME, 'a network name: letters, digits, ".", "_" or "-"'), network).optional(),
    compiler: z.object({ warningsAsErrors: z.boolean() }).partial().strict().optional(),
    gasReport: z.boolean().optional(),
    dev: z
      .object({ onChange: z.enum(['reload', 'redeploy']), run: z.array(z.string().min(1)) })
      .partial()
      .strict()
      .optional(),
  })
  .strict()

/** Each problem of a failed parse as `{ path, message }`, one per unknown key. */
export function configIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: issuePath([...issue.path, key]), message: 'unknown field (check the spelling)' })
    } else {
      out.push({ path: issuePath(issue.path), message: issue.message })
    }
  }
  return out
}
