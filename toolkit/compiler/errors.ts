/**
 * Every diagnostic the contract compiler can produce, with a short hint on what to do.
 * Codes are stable API (the CLI, the dev server and tests match on them); messages are not.
 */
export const COMPILE_ERRORS = {
  COMPILE_ENTRY_NOT_FOUND: {
    hint: 'Check the contract path; it is resolved against the project root.',
  },
  COMPILE_ENTRY_OUTSIDE_ROOT: {
    hint: 'Keep contracts inside the project root so that artifacts do not depend on where the project sits.',
  },
  COMPILE_SYNTAX_ERROR: {
    hint: 'Fix the syntax at the reported position; nothing else is checked until the file parses.',
  },
  COMPILE_TYPE_ERROR: {
    hint: 'Fix the TypeScript error: the ABI is derived from the types, so contracts must type-check.',
  },
  COMPILE_UNRESOLVED_IMPORT: {
    hint: 'Check the import path (relative imports need the .ts extension) or install the package.',
  },
  COMPILE_NODE_BUILTIN_IMPORT: {
    hint: 'Contracts run in a sandbox without Node built-ins (fs, crypto, ...); use the SDK (storage, context, events) instead.',
  },
  COMPILE_BUNDLE_ERROR: {
    hint: 'esbuild could not bundle the contract; see the message for the construct it refused.',
  },
  COMPILE_BUNDLE_WARNING: {
    hint: 'esbuild accepted the code but flagged something that is probably a mistake.',
  },
  ABI_UNSUPPORTED_TYPE: {
    hint: 'Method parameters, return values and event fields must be plain data: string, number, boolean, bigint, Address, null, literals, arrays, tuples, plain objects, records, unions.',
  },
  ABI_UNTYPED_PARAMETER: {
    hint: 'Annotate every method parameter, e.g. (to: Address, amount: bigint = 0n): without one it is unknown and arguments are not decoded.',
  },
  ABI_INVALID_MARKER: {
    hint: 'Wrap exported methods with view(...), call(...) or init(...) from the SDK, around a single non-overloaded function.',
  },
  ABI_OPTION_NOT_LITERAL: {
    hint: 'Write method options inline, e.g. call(fn, { payable: true }), or declare them `as const`, so the ABI can state them.',
  },
  ABI_EVENT_NAME_MISMATCH: {
    hint: "Export each event under the name passed to event(): export const Transfer = event<...>('Transfer').",
  },
  ABI_EVENT_NAME_NOT_LITERAL: {
    hint: "Pass the event name as a string literal: event<...>('Transfer').",
  },
  ABI_MULTIPLE_INIT: {
    hint: 'A contract has at most one init(...) export; merge the constructors.',
  },
  ABI_RESERVED_EXPORT: {
    hint: 'The export name $abi is reserved for the ABI the compiler appends; rename the export.',
  },
} as const satisfies Record<string, { hint: string }>

/** A code of {@link COMPILE_ERRORS}. */
export type CompileErrorCode = keyof typeof COMPILE_ERRORS

/** One error or warning of a compile. Lines and columns are 1-based; `file` is posix, relative to the root. */
export interface CompileDiagnostic {
  code: string
  message: string
  file?: string
  line?: number
  column?: number
}
