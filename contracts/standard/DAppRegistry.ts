/**
 * An on-chain directory of DApps: anyone registers an app under a unique id and becomes its
 * owner; the owner updates its record (name, description, frontend URL, contract addresses) or
 * hands it over. Wallets and explorers read it with `get`, `list` and `count`.
 *
 * Ids are lowercase slugs (`a-z`, `0-9`, `-`, 3 to 64 characters, starting with a letter or a
 * digit) so that two ids cannot look alike; every text field has a length cap so that a record
 * stays small and a page of `list` fits in one return value (the VM caps those at 64 KiB).
 * Records are never deleted: an id, once taken, stays taken (a registry where ids can be freed
 * and re-registered lets a squatter take over a name users already trust).
 */
import { PersistentMap, PersistentVector, ZERO_ADDRESS, block, call, event, isAddress, msg, require, view, type Address } from '../sdk/index.ts'

export const MAX_APP_ID_CHARS = 64
export const MAX_NAME_CHARS = 64
export const MAX_DESCRIPTION_CHARS = 280
export const MAX_URL_CHARS = 256
export const MAX_CONTRACTS = 16
/** The largest page `list` returns: 25 records of the largest size stay well under 64 KiB. */
export const MAX_PAGE = 25

/** One registered app. Times are block times (ms, UTC). */
export interface AppRecord {
  readonly appId: string
  readonly owner: Address
  readonly name: string
  readonly description: string
  readonly frontendUrl: string
  readonly contracts: Address[]
  readonly registeredAt: number
  readonly updatedAt: number
}

const apps = new PersistentMap<string, AppRecord>('app')
const ids = new PersistentVector<string>('ids')

export const AppRegistered = event<{ appId: string; owner: Address; name: string; frontendUrl: string }>('AppRegistered')
export const AppUpdated = event<{ appId: string; owner: Address; name: string; frontendUrl: string }>('AppUpdated')
export const AppOwnershipTransferred = event<{ appId: string; previousOwner: Address; newOwner: Address }>('AppOwnershipTransferred')

const APP_ID = /^[a-z0-9][a-z0-9-]{2,63}$/
const URL_SCHEME = /^(https|http|ipfs):\/\/[^\s]+$/

/** Register `appId` with the caller as owner. Reverts 'app id taken' if it exists. */
export const register = call((appId: string, name: string, description: string, frontendUrl: string, contracts: Address[]): void => {
  require(typeof appId === 'string' && appId.length <= MAX_APP_ID_CHARS && APP_ID.test(appId), 'invalid app id')
  require(!apps.has(appId), 'app id taken')
  checkFields(name, description, frontendUrl, contracts)
  const now = block.time
  apps.set(appId, { appId, owner: msg.sender, name, description, frontendUrl, contracts: [...contracts], registeredAt: now, updatedAt: now })
  ids.push(appId)
  AppRegistered.emit({ appId, owner: msg.sender, name, frontendUrl })
})

/** Replace the app's name, description, frontend URL and contracts (owner only). */
export const update = call((appId: string, name: string, description: string, frontendUrl: string, contracts: Address[]): void => {
  const app = load(appId)
  require(app.owner === msg.sender, 'not the app owner')
  checkFields(name, description, frontendUrl, contracts)
  apps.set(appId, { ...app, name, description, frontendUrl, contracts: [...contracts], updatedAt: block.time })
  AppUpdated.emit({ appId, owner: app.owner, name, frontendUrl })
})

/** Hand the app to `newOwner` (owner only). */
export const transferOwnership = call((appId: string, newOwner: Address): void => {
  const app = load(appId)
  require(app.owner === msg.sender, 'not the app owner')
  require(isAddress(newOwner) && newOwner !== ZERO_ADDRESS, 'invalid new owner')
  apps.set(appId, { ...app, owner: newOwner, updatedAt: block.time })
  AppOwnershipTransferred.emit({ appId, previousOwner: app.owner, newOwner })
})

/** The record of `appId`; reverts 'no such app'. */
export const get = view((appId: string): AppRecord => load(appId))

/** True when `appId` is registered (no revert, for UIs checking availability). */
export const exists = view((appId: string): boolean => typeof appId === 'string' && appId.length <= MAX_APP_ID_CHARS && apps.has(appId))

/** Records in registration order, `limit` (1 to MAX_PAGE) from `offset`; empty past the end. */
export const list = view((offset: number, limit: number): AppRecord[] => {
  require(Number.isInteger(offset) && offset >= 0, 'invalid offset')
  require(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE, 'invalid limit')
  const total = ids.length
  const out: AppRecord[] = []
  for (let i = offset; i < total && i < offset + limit; i++) out.push(load(ids.get(i)!))
  return out
})

/** How many apps are registered. */
export const count = view((): number => ids.length)

function load(appId: string): AppRecord {
  const app = typeof appId === 'string' && appId.length <= MAX_APP_ID_CHARS ? apps.get(appId) : undefined
  require(app !== undefined, 'no such app')
  return app
}

function checkFields(name: string, description: string, frontendUrl: string, contracts: Address[]): void {
  require(name.length >= 1 && name.length <= MAX_NAME_CHARS && name.trim() === name, 'invalid name')
  require(description.length <= MAX_DESCRIPTION_CHARS, 'invalid description')
  require(frontendUrl.length <= MAX_URL_CHARS && URL_SCHEME.test(frontendUrl), 'invalid frontend url')
  require(contracts.length <= MAX_CONTRACTS, 'too many contracts')
  const seen = new Set<string>()
  for (const c of contracts) {
    require(isAddress(c) && c !== ZERO_ADDRESS, 'invalid contract address')
    require(!seen.has(c), 'duplicate contract address')
    seen.add(c)
  }
}
