/** An account or contract address, `0x` followed by 40 lowercase hex digits. */
export type Address = string

/** The immediate call: who called and with how much native value. */
export const msg = Object.freeze({
  get sender(): Address {
    return __chain.ctx.sender
  },
  get value(): bigint {
    return BigInt(__chain.ctx.value)
  },
})

/** The transaction this call belongs to. */
export const tx = Object.freeze({
  get origin(): Address {
    return __chain.ctx.origin
  },
  get hash(): string {
    return __chain.ctx.txHash
  },
})

/** The block the transaction executes in. `time` is milliseconds since the epoch, UTC. */
export const block = Object.freeze({
  get height(): number {
    return __chain.ctx.blockHeight
  },
  get time(): number {
    return __chain.ctx.blockTime
  },
})

/** Address of the executing contract. */
export function selfAddress(): Address {
  return __chain.ctx.self
}
