/**
 * A router over the AMM (`AMM.ts`) for user swaps: a deadline, a minimum output for the whole
 * route, and routes of one or two hops (`path` of 2 or 3 tokens). The user approves the router
 * on the input token; the router pulls the input, approves the AMM for exactly each hop's
 * amount, swaps hop by hop (intermediate tokens stay with the router for the next hop) and has
 * the AMM send the last hop's output straight to `to`.
 *
 * The router holds no funds between transactions: every token it receives in a swap it spends
 * in the same swap, and every allowance it gives the AMM is used up by the hop it was for.
 * The whole route is one transaction, so any failure (deadline, slippage, a hop's own check)
 * rolls back every hop.
 */
import { block, call, contract, isAddress, msg, require, selfAddress, view, type Address } from 'tsvm/sdk'
import type * as AMM from './AMM.ts'
import type * as ERC20 from './Token.ts'

/**
 * Amounts along `path` for an exact `amountIn`: `[amountIn, out of hop 1, (out of hop 2)]`, at
 * the AMM's current reserves, after its fee.
 */
export const getAmountsOut = view((amm: Address, amountIn: bigint, path: Address[]): bigint[] => {
  checkRoute(amm, path)
  require(amountIn > 0n, 'amount in must be positive')
  return quote(amm, amountIn, path)
})

/**
 * Swap exactly `amountIn` of `path[0]` for at least `amountOutMin` of the last token, sent to
 * `to`. Reverts 'expired' when the block time is past `deadline` (ms since the epoch, UTC) and
 * 'slippage: output below minimum' when the route would give less than `amountOutMin`.
 * Returns the amounts along the path.
 */
export const swapExactTokensForTokens = call(
  (amm: Address, path: Address[], amountIn: bigint, amountOutMin: bigint, to: Address, deadline: number): bigint[] => {
    require(block.time <= deadline, 'expired')
    checkRoute(amm, path)
    require(isAddress(to), 'invalid recipient address')
    require(amountIn > 0n, 'amount in must be positive')
    require(amountOutMin >= 0n, 'minimum output must not be negative')
    // Quote first: a route that cannot meet the minimum fails before any token moves.
    const amounts = quote(amm, amountIn, path)
    require(amounts[amounts.length - 1]! >= amountOutMin, 'slippage: output below minimum')

    const self = selfAddress()
    contract<typeof ERC20>(path[0]!).transferFrom(msg.sender, self, amountIn)
    const pool = contract<typeof AMM>(amm)
    for (let i = 0; i < path.length - 1; i++) {
      const last = i === path.length - 2
      contract<typeof ERC20>(path[i]!).approve(amm, amounts[i]!)
      // Each hop's minimum is its quote: nothing else can move these reserves inside this
      // transaction (the route's tokens are distinct, so no pool is used twice).
      pool.swapExactIn(path[i]!, path[i + 1]!, amounts[i]!, amounts[i + 1]!, last ? to : self)
    }
    return amounts
  },
)

function checkRoute(amm: Address, path: Address[]): void {
  require(isAddress(amm), 'invalid amm address')
  require(path.length === 2 || path.length === 3, 'path must have 2 or 3 tokens')
  for (const token of path) require(isAddress(token), 'invalid token address')
  // Distinct tokens: a route A -> B -> A would use one pool twice, and the quote (made at the
  // reserves before the first hop) would not hold for the second.
  for (let i = 0; i < path.length; i++) for (let j = i + 1; j < path.length; j++) require(path[i] !== path[j], 'identical tokens')
}

function quote(amm: Address, amountIn: bigint, path: Address[]): bigint[] {
  const pool = contract<typeof AMM>(amm)
  const amounts: bigint[] = [amountIn]
  for (let i = 0; i < path.length - 1; i++) amounts.push(pool.getAmountOut(path[i]!, path[i + 1]!, amounts[i]!))
  return amounts
}
