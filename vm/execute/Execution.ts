import type { Vm } from '../Vm.ts'
import type { Slot } from '../slot/Slot.ts'
import type { BlockInfo } from '../types.ts'
import type { Journal } from './Journal.ts'

/** One transaction's execution: its journal, context and call stack. */
export interface Execution {
  readonly vm: Vm
  readonly journal: Journal
  readonly block: BlockInfo
  readonly txHash: string
  readonly origin: string
  /** Wall-clock backstop (performance.now() ms); not consensus. */
  readonly deadline: number
  /** Contracts created by this execution, not yet in chain state. */
  readonly pending: Map<string, string>
  readonly stack: Frame[]
  /** The wall-clock backstop stopped it: the outcome is TIMEOUT, whatever the contract caught. */
  timedOut: boolean
  /** The engine failed inside the host at some depth: the outcome is VM_FAULT, caught or not. */
  faulted: boolean
}

/** One call of one contract method. */
export interface Frame {
  readonly kind: 'call'
  readonly exec: Execution
  readonly slot: Slot
  readonly address: string
  readonly readonly: boolean
  readonly depth: number
  readonly gasLimit: number
  /** Gas charged by the engine's interrupt polls (regex backtracking, native callbacks). */
  pollGas: number
  outOfGas: boolean
}

/** The context while a contract's top-level code runs at load: no storage, bounded gas. */
export interface SetupFrame {
  readonly kind: 'setup'
  readonly gasLimit: number
  readonly pollCost: number
  readonly deadline: number
  pollGas: number
  outOfGas: boolean
  timedOut: boolean
}
