/** The VM's public surface (entry point; import from here outside vm/). */
export { createVm, disposeVm, maintainVm, codeHashOf, Vm, type VmOptions } from './createVm.ts'
export { executeCall, executeDeploy } from './execute/execute.ts'
export { VM_ERRORS, isVmErrorCode, type VmErrorCode } from './errors.ts'
export { DEFAULT_LIMITS, type VmLimits } from './limits.ts'
export { GAS_SCHEDULE_V1, type GasSchedule } from './gas/schedule.ts'
export { ENGINE_ID } from './engine/engine.ts'
export { PRELUDE_HASH } from './slot/prelude.ts'
export type * from './types.ts'
