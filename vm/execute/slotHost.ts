import type { Slot, SlotHost } from '../slot/Slot.ts'
import type { Frame, SetupFrame } from './Execution.ts'
import { runFrame } from './runFrame.ts'

type AnyFrame = Frame | SetupFrame | undefined

const current = (slot: Slot): Frame | undefined => {
  const f = slot.frame as AnyFrame
  return f?.kind === 'call' ? f : undefined
}

/** Refusal code for a state change in this frame, or '' when allowed. */
function refuseWrite(f: Frame | undefined): string {
  if (!f) return 'READONLY'
  if (f.outOfGas) return 'OUT_OF_GAS'
  if (f.readonly) return 'READONLY'
  return ''
}

/** The host functions' implementation: every call acts for the slot's current frame. */
export function createSlotHost(): SlotHost {
  return {
    get(slot, key) {
      const f = current(slot)
      return f ? f.exec.journal.getStorage(f.address, key) : undefined
    },
    set(slot, key, value) {
      const f = current(slot)
      const refused = refuseWrite(f)
      if (refused) return refused
      f!.exec.journal.setStorage(f!.address, key, value)
      return ''
    },
    del(slot, key) {
      const f = current(slot)
      const refused = refuseWrite(f)
      if (refused) return refused
      f!.exec.journal.setStorage(f!.address, key, null)
      return ''
    },
    has(slot, key) {
      const f = current(slot)
      return f ? f.exec.journal.getStorage(f.address, key) !== undefined : false
    },
    emit(slot, name, data) {
      const f = current(slot)
      const refused = refuseWrite(f)
      if (refused) return refused
      f!.exec.journal.emit({ contract: f!.address, name, data })
      return ''
    },
    balance(slot, address) {
      const f = current(slot)
      return f ? f.exec.journal.getBalance(address).toString() : '0'
    },
    transfer(slot, to, amount) {
      const f = current(slot)
      const refused = refuseWrite(f)
      if (refused) return refused
      const { journal } = f!.exec
      const value = BigInt(amount)
      const have = journal.getBalance(f!.address)
      if (have < value) return 'INSUFFICIENT_BALANCE'
      journal.setBalance(f!.address, have - value)
      journal.setBalance(to, journal.getBalance(to) + value)
      return ''
    },
    call(slot, address, method, args, gas, value) {
      const f = current(slot)
      if (!f) return JSON.stringify([0, 'STATIC_CALL_VIOLATION', 'no calls while a contract loads', 'unknown'])
      if (f.outOfGas) return JSON.stringify([0, 'OUT_OF_GAS', 'out of gas', 'unknown'])
      const r = runFrame(f.exec, {
        from: f.address,
        to: address,
        method,
        args,
        value: BigInt(value),
        gasLimit: Math.max(0, Math.floor(gas)),
        readonly: f.readonly,
        depth: f.depth + 1,
      })
      return r.code === undefined
        ? JSON.stringify([r.gasUsed, 'OK', r.returnValue, r.returns ?? 'unknown'])
        : JSON.stringify([r.gasUsed, r.code, r.reason ?? '', 'unknown'])
    },
    oog(slot) {
      const f = slot.frame as AnyFrame
      if (f) f.outOfGas = true
    },
    interrupt(slot) {
      const f = slot.frame as AnyFrame
      if (!f) return false
      f.pollGas += f.kind === 'call' ? f.exec.vm.schedule.interruptPoll : f.pollCost
      if (f.outOfGas || f.pollGas > f.gasLimit) {
        f.outOfGas = true
        return true
      }
      const deadline = f.kind === 'call' ? f.exec.deadline : f.deadline
      if (performance.now() > deadline) {
        if (f.kind === 'call') f.exec.timedOut = true
        else f.timedOut = true
        return true
      }
      return false
    },
  }
}
