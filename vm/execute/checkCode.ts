import { codeHashOf } from '../code/codeHashOf.ts'
import type { Vm } from '../Vm.ts'
import { loadInto } from './acquireSlot.ts'

export type CodeCheck = { readonly ok: true; readonly codeHash: string } | { readonly ok: false; readonly code: 'INVALID_CODE' | 'SETUP_FAILED' | 'OUT_OF_GAS' | 'TIMEOUT' | 'VM_FAULT'; readonly reason: string; readonly line?: number }

/**
 * Validate, instrument and load `code` without running a constructor: what a dev chain's
 * set-code (hot reload) must check before it swaps code in place. Deterministic like a deploy.
 */
export function checkCode(vm: Vm, code: string): CodeCheck {
  const codeHash = codeHashOf(code)
  if (code.length > vm.limits.maxCodeChars) return { ok: false, code: 'INVALID_CODE', reason: `CODE_TOO_LARGE: code over ${vm.limits.maxCodeChars} characters` }
  let slot = vm.slots.find((s) => s.active === 0 && !s.broken && s.loaded?.codeHash === codeHash)
  if (slot) return { ok: true, codeHash }
  for (const s of vm.slots) if (s.active === 0 && !s.broken && (!slot || s.lastUsed < slot.lastUsed)) slot = s
  if (!slot) return { ok: false, code: 'VM_FAULT', reason: 'no idle contract instance' }
  const r = loadInto(vm, slot, codeHash, code, performance.now() + vm.limits.backstopMs)
  return r.ok ? { ok: true, codeHash } : { ok: false, code: r.code, reason: r.reason, ...(r.line === undefined ? {} : { line: r.line }) }
}
