/** An account or contract address, `0x` followed by 40 lowercase hex digits. */
export type Address = string

/** The immediate call: who called and with how much native value. */
export const msg = /* @__PURE__ */ Object.freeze({
  get sender(): Address {
    return __chain.ctx.sender
  },
  get value(): bigint {
    return BigInt(__chain.ctx.value)
  },
})

/** The transaction this call belongs to. */
export const tx = /* @__PURE__ */ Object.freeze({
  get origin(): Address {
    return __chain.ctx.origin
  },
  get hash(): string {
    return __chain.ctx.txHash
  },
})

/** The block the transaction executes in. `time` is milliseconds since the epoch, UTC. */
export const block = /* @__PURE__ */ Object.freeze({
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

/** The zero address: the `from` of a mint and the `to` of a burn. */
export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'

const ADDRESS = /^0x[0-9a-f]{40}$/

/** True for a well-formed address (`0x` + 40 lowercase hex digits). */
export function isAddress(value: unknown): value is Address {
  return typeof value === 'string' && ADDRESS.test(value)
}
