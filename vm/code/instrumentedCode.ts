import { instrument } from '../instrument/instrument.ts'
import type { InstrumentedCode, Vm } from '../Vm.ts'

/** Instrument `code` once per code hash (deterministic, so caching changes nothing but time). */
export function instrumentedCode(vm: Vm, codeHash: string, code: string): InstrumentedCode {
  const cached = vm.codes.get(codeHash)
  if (cached) {
    vm.codes.delete(codeHash)
    vm.codes.set(codeHash, cached)
    return cached
  }
  const r = vm.options.unmetered ? { ok: true as const, code } : instrument(code, { ...vm.schedule, maxCodeChars: vm.limits.maxCodeChars })
  const entry: InstrumentedCode = r.ok ? { ok: true, code: r.code } : { ok: false, error: r.error }
  vm.codes.set(codeHash, entry)
  if (vm.codes.size > vm.options.codeCacheSize) vm.codes.delete(vm.codes.keys().next().value!)
  return entry
}
