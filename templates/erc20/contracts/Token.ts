/**
 * A standard fungible token (ERC20 semantics): balances, allowances, Transfer and Approval
 * events, and minting by the owner. Amounts are bigint, never number.
 */
import { PersistentMap, PersistentValue, ZERO_ADDRESS, call, event, init, isAddress, msg, require, view, type Address } from 'tsvm/sdk'

const tokenName = new PersistentValue<string>('name')
const tokenSymbol = new PersistentValue<string>('symbol')
const tokenDecimals = new PersistentValue<number>('decimals')
const supply = new PersistentValue<bigint>('supply')
const tokenOwner = new PersistentValue<Address>('owner')
const balances = new PersistentMap<Address, bigint>('bal')
const allowances = new PersistentMap<readonly [Address, Address], bigint>('allow')

export const Transfer = event<{ from: Address; to: Address; value: bigint }>('Transfer')
export const Approval = event<{ owner: Address; spender: Address; value: bigint }>('Approval')

/** Name, symbol and decimals are fixed here; `initialSupply` is minted to the deployer, who becomes the owner. */
export const setup = init((name: string, symbol: string, decimals: number, initialSupply: bigint): void => {
  require(Number.isInteger(decimals) && decimals >= 0 && decimals <= 36, 'decimals must be an integer from 0 to 36')
  require(initialSupply >= 0n, 'initial supply must not be negative')
  tokenName.set(name)
  tokenSymbol.set(symbol)
  tokenDecimals.set(decimals)
  tokenOwner.set(msg.sender)
  supply.set(0n)
  if (initialSupply > 0n) mintTo(msg.sender, initialSupply)
})

export const name = view((): string => tokenName.getOr(''))
export const symbol = view((): string => tokenSymbol.getOr(''))
export const decimals = view((): number => tokenDecimals.getOr(18))
export const totalSupply = view((): bigint => supply.getOr(0n))
export const owner = view((): Address => tokenOwner.getOr(ZERO_ADDRESS))
export const balanceOf = view((account: Address): bigint => balances.get(account) ?? 0n)
export const allowance = view((holder: Address, spender: Address): bigint => allowances.get([holder, spender]) ?? 0n)

export const transfer = call((to: Address, amount: bigint): boolean => {
  move(msg.sender, to, amount)
  return true
})

export const approve = call((spender: Address, amount: bigint): boolean => {
  require(isAddress(spender), 'invalid spender address')
  require(amount >= 0n, 'amount must not be negative')
  allowances.set([msg.sender, spender], amount)
  Approval.emit({ owner: msg.sender, spender, value: amount })
  return true
})

export const transferFrom = call((from: Address, to: Address, amount: bigint): boolean => {
  const allowed = allowances.get([from, msg.sender]) ?? 0n
  require(allowed >= amount, 'insufficient allowance')
  allowances.set([from, msg.sender], allowed - amount)
  move(from, to, amount)
  return true
})

/** Create `amount` new tokens for `to` (owner only). */
export const mint = call((to: Address, amount: bigint): void => {
  require(msg.sender === tokenOwner.get(), 'only the owner can mint')
  mintTo(to, amount)
})

/** Destroy `amount` of the caller's tokens. */
export const burn = call((amount: bigint): void => {
  move(msg.sender, ZERO_ADDRESS, amount)
  supply.set(supply.getOr(0n) - amount)
})

function move(from: Address, to: Address, amount: bigint): void {
  require(isAddress(to), 'invalid recipient address')
  require(amount >= 0n, 'amount must not be negative')
  const have = balances.get(from) ?? 0n
  require(have >= amount, 'insufficient balance')
  balances.set(from, have - amount)
  if (to !== ZERO_ADDRESS) balances.set(to, (balances.get(to) ?? 0n) + amount)
  Transfer.emit({ from, to, value: amount })
}

function mintTo(to: Address, amount: bigint): void {
  require(isAddress(to) && to !== ZERO_ADDRESS, 'invalid recipient address')
  require(amount > 0n, 'amount must be positive')
  supply.set(supply.getOr(0n) + amount)
  balances.set(to, (balances.get(to) ?? 0n) + amount)
  Transfer.emit({ from: ZERO_ADDRESS, to, value: amount })
}
