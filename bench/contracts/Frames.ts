/**
 * Frame-cost probes: a method that does nothing, and one that calls it on another contract `n`
 * times. They measure the VM's fixed cost per call (snapshot restore, argument and result
 * marshalling, dispatch), the floor under every contract method.
 */
import { call, contract, type Address } from '../../contracts/sdk/index.ts'
import type * as Frames from './Frames.ts'

export const noop = call((): void => {})

export const callNoop = call((target: Address, n: number): void => {
  const other = contract<typeof Frames>(target)
  for (let i = 0; i < n; i++) other.noop()
})
