/**
 * Outcome codes of contract execution: one registry, each with what it means and what to do.
 * A failed call is a result carrying one of these, never a host exception.
 */
export const VM_ERRORS = {
  OUT_OF_GAS: { charge: 'all', hint: 'raise the gas limit, or make the method do less work per call' },
  OUT_OF_MEMORY: { charge: 'all', hint: 'the call exceeded the sandbox memory cap; allocate less' },
  STACK_OVERFLOW: { charge: 'all', hint: 'recursion too deep; use a loop or bound the depth' },
  TIMEOUT: { charge: 'all', hint: 'the wall-clock backstop stopped the call; this signals unmetered work, report it. Not a consensus outcome: a node leaves such a transaction out of its block' },
  VM_FAULT: { charge: 'all', hint: 'the engine failed inside the host; the instance was discarded; report it. Not a consensus outcome: a node leaves such a transaction out of its block' },
  REVERT: { charge: 'used', hint: 'the contract reverted with the given reason' },
  EXCEPTION: { charge: 'used', hint: 'the contract threw an uncaught error; see the reason and the source location' },
  INVALID_ARGUMENT: { charge: 'used', hint: 'an argument does not match the method ABI (bigint values are decimal strings)' },
  NO_SUCH_METHOD: { charge: 'used', hint: 'check the method name against the contract ABI' },
  NOT_PAYABLE: { charge: 'used', hint: 'send no value, or mark the method `{ payable: true }`' },
  STATIC_CALL_VIOLATION: { charge: 'used', hint: 'a read-only (view) call tried to write, emit or transfer' },
  LIMIT_EXCEEDED: { charge: 'used', hint: 'a key, value, event, argument or return value is over its size limit' },
  REENTRANCY: { charge: 'used', hint: 'the callee is already on the call stack; mark the method `{ reentrant: true }` to allow re-entry' },
  CALL_DEPTH_EXCEEDED: { charge: 'used', hint: 'too many nested contract calls' },
  NO_CONTRACT: { charge: 'used', hint: 'no contract is deployed at that address' },
  INSUFFICIENT_BALANCE: { charge: 'used', hint: 'the sender cannot cover the value sent' },
  INIT_NOT_CALLABLE: { charge: 'used', hint: 'the constructor runs only in the deploy transaction' },
  INVALID_CODE: { charge: 'used', hint: 'the code was rejected at deploy; see the reason and line' },
  SETUP_FAILED: { charge: 'used', hint: "the contract's top-level code failed while loading" },
} as const satisfies Record<string, { charge: 'all' | 'used'; hint: string }>

export type VmErrorCode = keyof typeof VM_ERRORS

/** Is `code` one of ours? (the sandbox reports codes as strings) */
export function isVmErrorCode(code: string): code is VmErrorCode {
  return Object.hasOwn(VM_ERRORS, code)
}
