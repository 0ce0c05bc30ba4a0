/**
 * A constant-product market maker (Uniswap V2 math) for pairs of ERC20 tokens, all pools in one
 * contract. Tokens move through real cross-contract calls (`transferFrom` in, `transfer` out).
 * Liquidity shares are per-pool tokens with balances, transfers and allowances.
 *
 * Safety, in order of the usual attacks:
 * - reserves are tracked internally, so tokens sent straight to this contract (a "donation")
 *   cannot move prices or share values;
 * - the first deposit locks MINIMUM_LIQUIDITY shares forever (to the zero address), so nobody
 *   can own 100% of a tiny pool and inflate the share price against the next depositor;
 * - every swap checks the product of reserves never decreases (k' >= k, fee included);
 * - methods are not re-entrant (the VM refuses a callback into the AMM from a token);
 * - exact bigint math; amounts out round down, amounts in round up.
 */
import { PersistentMap, ZERO_ADDRESS, call, contract, event, isAddress, msg, require, selfAddress, view, type Address } from 'tsvm/sdk'
import type * as ERC20 from './Token.ts'

export const MINIMUM_LIQUIDITY_SHARES = 1000n
const FEE_NUMERATOR = 997n
const FEE_DENOMINATOR = 1000n

interface PoolState {
  readonly token0: Address
  readonly token1: Address
  readonly reserve0: bigint
  readonly reserve1: bigint
  readonly totalShares: bigint
}

/** What `getPool` returns: the pool's tokens in canonical order, reserves and share supply. */
export interface PoolInfo {
  readonly id: string
  readonly token0: Address
  readonly token1: Address
  readonly reserve0: bigint
  readonly reserve1: bigint
  readonly totalShares: bigint
}

const pools = new PersistentMap<string, PoolState>('pool')
const shares = new PersistentMap<readonly [string, Address], bigint>('share')
const shareAllowances = new PersistentMap<readonly [string, Address, Address], bigint>('shareAllow')

export const PoolCreated = event<{ pool: string; token0: Address; token1: Address }>('PoolCreated')
export const LiquidityAdded = event<{ pool: string; provider: Address; amount0: bigint; amount1: bigint; shares: bigint }>('LiquidityAdded')
export const LiquidityRemoved = event<{ pool: string; provider: Address; amount0: bigint; amount1: bigint; shares: bigint; to: Address }>('LiquidityRemoved')
export const Swap = event<{ pool: string; sender: Address; tokenIn: Address; amountIn: bigint; amountOut: bigint; to: Address }>('Swap')
export const SharesTransfer = event<{ pool: string; from: Address; to: Address; value: bigint }>('SharesTransfer')
export const SharesApproval = event<{ pool: string; owner: Address; spender: Address; value: bigint }>('SharesApproval')

/** The pool id of a pair: its two token addresses in ascending order. */
export const poolId = view((tokenA: Address, tokenB: Address): string => {
  const [t0, t1] = sortTokens(tokenA, tokenB)
  return t0 + '/' + t1
})

export const createPool = call((tokenA: Address, tokenB: Address): string => {
  const [token0, token1] = sortTokens(tokenA, tokenB)
  const id = token0 + '/' + token1
  require(!pools.has(id), 'pool exists')
  pools.set(id, { token0, token1, reserve0: 0n, reserve1: 0n, totalShares: 0n })
  PoolCreated.emit({ pool: id, token0, token1 })
  return id
})

export const getPool = view((tokenA: Address, tokenB: Address): PoolInfo => {
  const [id, pool] = loadPool(tokenA, tokenB)
  return { id, ...pool }
})

export const sharesOf = view((pool: string, owner: Address): bigint => shares.get([pool, owner]) ?? 0n)
export const sharesAllowance = view((pool: string, owner: Address, spender: Address): bigint => shareAllowances.get([pool, owner, spender]) ?? 0n)

/** Output for an exact input, after the 0.3% fee, at current reserves. */
export const getAmountOut = view((tokenIn: Address, tokenOut: Address, amountIn: bigint): bigint => {
  const [, pool] = loadPool(tokenIn, tokenOut)
  const [reserveIn, reserveOut] = tokenIn === pool.token0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
  return amountOutFor(amountIn, reserveIn, reserveOut)
})

/** Input needed for an exact output, after the 0.3% fee, at current reserves. */
export const getAmountIn = view((tokenIn: Address, tokenOut: Address, amountOut: bigint): bigint => {
  const [, pool] = loadPool(tokenIn, tokenOut)
  const [reserveIn, reserveOut] = tokenIn === pool.token0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
  require(amountOut > 0n && amountOut < reserveOut, 'insufficient liquidity')
  return (reserveIn * amountOut * FEE_DENOMINATOR) / ((reserveOut - amountOut) * FEE_NUMERATOR) + 1n
})

/**
 * Deposit both tokens at the pool's current ratio (at most the desired amounts, at least the
 * minimums) and receive shares. The caller must have approved this contract on both tokens.
 */
export const addLiquidity = call(
  (tokenA: Address, tokenB: Address, amountADesired: bigint, amountBDesired: bigint, amountAMin: bigint, amountBMin: bigint): { amountA: bigint; amountB: bigint; shares: bigint } => {
    require(amountADesired > 0n && amountBDesired > 0n, 'amounts must be positive')
    const [id, pool] = loadPool(tokenA, tokenB)
    const aIs0 = tokenA === pool.token0
    const reserveA = aIs0 ? pool.reserve0 : pool.reserve1
    const reserveB = aIs0 ? pool.reserve1 : pool.reserve0
    let amountA = amountADesired
    let amountB = amountBDesired
    if (reserveA !== 0n || reserveB !== 0n) {
      const bOptimal = (amountADesired * reserveB) / reserveA
      if (bOptimal <= amountBDesired) {
        require(bOptimal >= amountBMin, 'slippage: token B amount below minimum')
        amountB = bOptimal
      } else {
        const aOptimal = (amountBDesired * reserveA) / reserveB
        require(aOptimal <= amountADesired && aOptimal >= amountAMin, 'slippage: token A amount below minimum')
        amountA = aOptimal
      }
    }
    require(amountA >= amountAMin && amountB >= amountBMin, 'slippage: amount below minimum')
    const [amount0, amount1] = aIs0 ? [amountA, amountB] : [amountB, amountA]
    let minted: bigint
    if (pool.totalShares === 0n) {
      minted = sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY_SHARES
      require(minted > 0n, 'first deposit too small')
      shares.set([id, ZERO_ADDRESS], MINIMUM_LIQUIDITY_SHARES)
    } else {
      const by0 = (amount0 * pool.totalShares) / pool.reserve0
      const by1 = (amount1 * pool.totalShares) / pool.reserve1
      minted = by0 < by1 ? by0 : by1
      require(minted > 0n, 'deposit too small for one share')
    }
    pull(pool.token0, amount0)
    pull(pool.token1, amount1)
    const provider = msg.sender
    shares.set([id, provider], (shares.get([id, provider]) ?? 0n) + minted)
    pools.set(id, {
      ...pool,
      reserve0: pool.reserve0 + amount0,
      reserve1: pool.reserve1 + amount1,
      totalShares: pool.totalShares + minted + (pool.totalShares === 0n ? MINIMUM_LIQUIDITY_SHARES : 0n),
    })
    LiquidityAdded.emit({ pool: id, provider, amount0, amount1, shares: minted })
    return { amountA, amountB, shares: minted }
  },
)

/** Burn `shareAmount` of the caller's shares for the pro-rata reserves, sent to `to`. */
export const removeLiquidity = call(
  (tokenA: Address, tokenB: Address, shareAmount: bigint, amountAMin: bigint, amountBMin: bigint, to: Address): { amountA: bigint; amountB: bigint } => {
    require(isAddress(to), 'invalid recipient address')
    require(shareAmount > 0n, 'share amount must be positive')
    const [id, pool] = loadPool(tokenA, tokenB)
    const provider = msg.sender
    const held = shares.get([id, provider]) ?? 0n
    require(held >= shareAmount, 'insufficient shares')
    const amount0 = (shareAmount * pool.reserve0) / pool.totalShares
    const amount1 = (shareAmount * pool.reserve1) / pool.totalShares
    require(amount0 > 0n && amount1 > 0n, 'insufficient liquidity burned')
    const aIs0 = tokenA === pool.token0
    const [amountA, amountB] = aIs0 ? [amount0, amount1] : [amount1, amount0]
    require(amountA >= amountAMin && amountB >= amountBMin, 'slippage: amount below minimum')
    shares.set([id, provider], held - shareAmount)
    pools.set(id, { ...pool, reserve0: pool.reserve0 - amount0, reserve1: pool.reserve1 - amount1, totalShares: pool.totalShares - shareAmount })
    push(pool.token0, to, amount0)
    push(pool.token1, to, amount1)
    LiquidityRemoved.emit({ pool: id, provider, amount0, amount1, shares: shareAmount, to })
    return { amountA, amountB }
  },
)

/** Swap an exact `amountIn` of `tokenIn` for at least `minAmountOut` of `tokenOut`, sent to `to`. */
export const swapExactIn = call((tokenIn: Address, tokenOut: Address, amountIn: bigint, minAmountOut: bigint, to: Address): bigint => {
  require(isAddress(to), 'invalid recipient address')
  require(amountIn > 0n, 'amount in must be positive')
  const [id, pool] = loadPool(tokenIn, tokenOut)
  const inIs0 = tokenIn === pool.token0
  const [reserveIn, reserveOut] = inIs0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
  const amountOut = amountOutFor(amountIn, reserveIn, reserveOut)
  require(amountOut >= minAmountOut, 'slippage: output below minimum')
  require(amountOut > 0n, 'output rounds to zero')
  pull(tokenIn, amountIn)
  push(tokenOut, to, amountOut)
  const newIn = reserveIn + amountIn
  const newOut = reserveOut - amountOut
  // k never decreases; with the fee it strictly grows.
  require(newIn * newOut >= reserveIn * reserveOut, 'invariant violated')
  pools.set(id, inIs0 ? { ...pool, reserve0: newIn, reserve1: newOut } : { ...pool, reserve0: newOut, reserve1: newIn })
  Swap.emit({ pool: id, sender: msg.sender, tokenIn, amountIn, amountOut, to })
  return amountOut
})

export const transferShares = call((pool: string, to: Address, amount: bigint): boolean => {
  moveShares(pool, msg.sender, to, amount)
  return true
})

export const approveShares = call((pool: string, spender: Address, amount: bigint): boolean => {
  require(isAddress(spender), 'invalid spender address')
  require(amount >= 0n, 'amount must not be negative')
  shareAllowances.set([pool, msg.sender, spender], amount)
  SharesApproval.emit({ pool, owner: msg.sender, spender, value: amount })
  return true
})

export const transferSharesFrom = call((pool: string, from: Address, to: Address, amount: bigint): boolean => {
  const allowed = shareAllowances.get([pool, from, msg.sender]) ?? 0n
  require(allowed >= amount, 'insufficient share allowance')
  shareAllowances.set([pool, from, msg.sender], allowed - amount)
  moveShares(pool, from, to, amount)
  return true
})

function moveShares(pool: string, from: Address, to: Address, amount: bigint): void {
  require(isAddress(to) && to !== ZERO_ADDRESS, 'invalid recipient address')
  require(amount >= 0n, 'amount must not be negative')
  const have = shares.get([pool, from]) ?? 0n
  require(have >= amount, 'insufficient shares')
  shares.set([pool, from], have - amount)
  shares.set([pool, to], (shares.get([pool, to]) ?? 0n) + amount)
  SharesTransfer.emit({ pool, from, to, value: amount })
}

function amountOutFor(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  require(amountIn > 0n, 'amount in must be positive')
  require(reserveIn > 0n && reserveOut > 0n, 'insufficient liquidity')
  const inWithFee = amountIn * FEE_NUMERATOR
  return (inWithFee * reserveOut) / (reserveIn * FEE_DENOMINATOR + inWithFee)
}

function sortTokens(a: Address, b: Address): [Address, Address] {
  require(isAddress(a) && isAddress(b), 'invalid token address')
  require(a !== b, 'identical tokens')
  return a < b ? [a, b] : [b, a]
}

function loadPool(a: Address, b: Address): [string, PoolState] {
  const [t0, t1] = sortTokens(a, b)
  const id = t0 + '/' + t1
  const pool = pools.get(id)
  require(pool !== undefined, 'no such pool')
  return [id, pool]
}

function pull(token: Address, amount: bigint): void {
  contract<typeof ERC20>(token).transferFrom(msg.sender, selfAddress(), amount)
}

function push(token: Address, to: Address, amount: bigint): void {
  contract<typeof ERC20>(token).transfer(to, amount)
}

/** Integer square root (floor), Newton's method. */
function sqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) >> 1n
  while (y < x) {
    x = y
    y = (x + n / x) >> 1n
  }
  return x
}
