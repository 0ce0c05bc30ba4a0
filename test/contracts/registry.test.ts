import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVm, disposeVm, type CallOutcome, type Vm } from '../../vm/index.ts'
import { TestChain, addr, ok } from '../support/vmHarness.ts'

const REGISTRY = 'contracts/standard/DAppRegistry.ts'
const alice = addr('alice')
const bob = addr('bob')
const carol = addr('carol')
const ZERO = '0x0000000000000000000000000000000000000000'
const swap = addr('swap-contract')
const pool = addr('pool-contract')

let vm: Vm
beforeAll(async () => {
  vm = await createVm()
})
afterAll(() => disposeVm(vm))

function reverted(out: CallOutcome): string | undefined {
  expect(out.status).toBe('failure')
  expect(out.code).toBe('REVERT')
  expect(out.storageChanges).toEqual([])
  expect(out.events).toEqual([])
  return out.reason
}

interface Record {
  appId: string
  owner: string
  name: string
  description: string
  frontendUrl: string
  contracts: string[]
  registeredAt: number
  updatedAt: number
}

async function registry() {
  const chain = new TestChain(vm)
  const address = await chain.deploy(REGISTRY, alice)
  const register = (from: string, appId: string, fields: Partial<Omit<Record, 'appId' | 'owner'>> = {}) =>
    chain.send(from, address, 'register', [appId, fields.name ?? 'My App', fields.description ?? 'Swaps things', fields.frontendUrl ?? 'https://app.example', fields.contracts ?? [swap, pool]])
  const get = (appId: string) => chain.read(address, 'get', [appId]) as Record
  return { chain, address, register, get }
}

describe('DAppRegistry', () => {
  it('register: stores the record with the caller as owner, counts it and emits AppRegistered', async () => {
    const { chain, address, register, get } = await registry()
    chain.time = Date.UTC(2026, 2, 1)
    const out = ok(register(bob, 'my-app'))
    expect(out.events).toEqual([{ contract: address, name: 'AppRegistered', data: JSON.stringify({ appId: 'my-app', owner: bob, name: 'My App', frontendUrl: 'https://app.example' }) }])
    expect(get('my-app')).toEqual({
      appId: 'my-app',
      owner: bob,
      name: 'My App',
      description: 'Swaps things',
      frontendUrl: 'https://app.example',
      contracts: [swap, pool],
      registeredAt: Date.UTC(2026, 2, 1),
      updatedAt: Date.UTC(2026, 2, 1),
    })
    expect(chain.read(address, 'count')).toBe(1)
    expect(chain.read(address, 'exists', ['my-app'])).toBe(true)
    expect(chain.read(address, 'exists', ['other-app'])).toBe(false)
    expect(chain.read(address, 'exists', ['x'.repeat(5000)])).toBe(false)
  })

  it('register: an id already taken reverts "app id taken", even for its owner', async () => {
    const { register } = await registry()
    ok(register(bob, 'my-app'))
    expect(reverted(register(carol, 'my-app'))).toBe('app id taken')
    expect(reverted(register(bob, 'my-app'))).toBe('app id taken')
  })

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(65)],
    ['uppercase', 'My-App'],
    ['leading dash', '-app'],
    ['space', 'my app'],
    ['look-alike unicode', 'my-аpp'],
  ])('register: app id %s reverts "invalid app id"', async (_label, appId) => {
    const { register } = await registry()
    expect(reverted(register(bob, appId))).toBe('invalid app id')
  })

  it('register: ids of 3 and 64 characters are accepted (the bounds)', async () => {
    const { register, get } = await registry()
    ok(register(bob, 'abc'))
    ok(register(bob, 'a'.repeat(64)))
    expect(get('a'.repeat(64)).owner).toBe(bob)
  })

  it.each([
    ['an empty name', { name: '' }, 'invalid name'],
    ['a name of 65 characters', { name: 'n'.repeat(65) }, 'invalid name'],
    ['a name with surrounding spaces', { name: ' App ' }, 'invalid name'],
    ['a description of 281 characters', { description: 'd'.repeat(281) }, 'invalid description'],
    ['a url without a scheme', { frontendUrl: 'app.example' }, 'invalid frontend url'],
    ['a javascript: url', { frontendUrl: 'javascript:alert(1)' }, 'invalid frontend url'],
    ['a url of 257 characters', { frontendUrl: 'https://' + 'u'.repeat(249) }, 'invalid frontend url'],
    ['17 contracts', { contracts: Array.from({ length: 17 }, (_, i) => addr(`c${i}`)) }, 'too many contracts'],
    ['a malformed contract address', { contracts: ['0xABC'] }, 'invalid contract address'],
    ['the zero address as a contract', { contracts: [ZERO] }, 'invalid contract address'],
    ['a contract listed twice', { contracts: [swap, swap] }, 'duplicate contract address'],
  ])('register: %s reverts', async (_label, fields, reason) => {
    const { register } = await registry()
    expect(reverted(register(bob, 'my-app', fields))).toBe(reason)
  })

  it('register: the largest allowed fields are accepted and read back whole', async () => {
    const { register, get } = await registry()
    const fields = { name: 'n'.repeat(64), description: 'd'.repeat(280), frontendUrl: 'ipfs://' + 'u'.repeat(249), contracts: Array.from({ length: 16 }, (_, i) => addr(`c${i}`)) }
    ok(register(bob, 'big-app', fields))
    expect(get('big-app')).toMatchObject(fields)
  })

  it('update: the owner replaces the fields, keeps registeredAt and emits AppUpdated', async () => {
    const { chain, address, register, get } = await registry()
    chain.time = Date.UTC(2026, 2, 1)
    ok(register(bob, 'my-app'))
    chain.time = Date.UTC(2026, 2, 2)
    const out = ok(chain.send(bob, address, 'update', ['my-app', 'New Name', 'Better', 'https://new.example', [pool]]))
    expect(out.events.map((e) => e.name)).toEqual(['AppUpdated'])
    expect(JSON.parse(out.events[0]!.data)).toEqual({ appId: 'my-app', owner: bob, name: 'New Name', frontendUrl: 'https://new.example' })
    expect(get('my-app')).toMatchObject({ owner: bob, name: 'New Name', description: 'Better', frontendUrl: 'https://new.example', contracts: [pool], registeredAt: Date.UTC(2026, 2, 1), updatedAt: Date.UTC(2026, 2, 2) })
    expect(chain.read(address, 'count')).toBe(1)
  })

  it('update: by someone other than the owner reverts "not the app owner"', async () => {
    const { chain, address, register, get } = await registry()
    ok(register(bob, 'my-app'))
    expect(reverted(chain.send(carol, address, 'update', ['my-app', 'Hijacked', '', 'https://evil.example', []]))).toBe('not the app owner')
    expect(get('my-app').name).toBe('My App')
  })

  it('update: invalid fields revert with the same checks as register', async () => {
    const { chain, address, register } = await registry()
    ok(register(bob, 'my-app'))
    expect(reverted(chain.send(bob, address, 'update', ['my-app', '', '', 'https://app.example', []]))).toBe('invalid name')
    expect(reverted(chain.send(bob, address, 'update', ['my-app', 'App', '', 'ftp://app.example', []]))).toBe('invalid frontend url')
  })

  it('update and get: an unknown or over-long id reverts "no such app"', async () => {
    const { chain, address } = await registry()
    expect(reverted(chain.send(bob, address, 'update', ['nope-app', 'App', '', 'https://app.example', []]))).toBe('no such app')
    for (const id of ['nope-app', 'x'.repeat(5000)]) {
      const out = chain.view(address, 'get', [id])
      expect(out.code).toBe('REVERT')
      expect(out.reason).toBe('no such app')
    }
  })

  it('transferOwnership: the new owner can update, the old one no longer can', async () => {
    const { chain, address, register, get } = await registry()
    ok(register(bob, 'my-app'))
    const out = ok(chain.send(bob, address, 'transferOwnership', ['my-app', carol]))
    expect(out.events.map((e) => [e.name, JSON.parse(e.data)])).toEqual([['AppOwnershipTransferred', { appId: 'my-app', previousOwner: bob, newOwner: carol }]])
    expect(get('my-app').owner).toBe(carol)
    expect(reverted(chain.send(bob, address, 'update', ['my-app', 'Old Owner', '', 'https://app.example', []]))).toBe('not the app owner')
    ok(chain.send(carol, address, 'update', ['my-app', 'New Owner', '', 'https://app.example', []]))
    expect(get('my-app').name).toBe('New Owner')
  })

  it('transferOwnership: by a non-owner, or to the zero or a malformed address, reverts', async () => {
    const { chain, address, register, get } = await registry()
    ok(register(bob, 'my-app'))
    expect(reverted(chain.send(carol, address, 'transferOwnership', ['my-app', carol]))).toBe('not the app owner')
    expect(reverted(chain.send(bob, address, 'transferOwnership', ['my-app', ZERO]))).toBe('invalid new owner')
    expect(chain.send(bob, address, 'transferOwnership', ['my-app', '0x12']).status).toBe('failure')
    expect(get('my-app').owner).toBe(bob)
  })

  it('list: pages through records in registration order; past the end is empty', async () => {
    const { chain, address, register } = await registry()
    const ids = Array.from({ length: 7 }, (_, i) => `app-${i}`)
    for (const id of ids) ok(register(id === 'app-3' ? carol : bob, id))
    const page = (offset: number, limit: number) => (chain.read(address, 'list', [offset, limit]) as Record[]).map((r) => r.appId)
    expect(page(0, 3)).toEqual(['app-0', 'app-1', 'app-2'])
    expect(page(3, 3)).toEqual(['app-3', 'app-4', 'app-5'])
    expect(page(6, 3)).toEqual(['app-6'])
    expect(page(7, 3)).toEqual([])
    expect(page(100, 25)).toEqual([])
    expect((chain.read(address, 'list', [3, 1]) as Record[])[0]!.owner).toBe(carol)
    expect(chain.read(address, 'count')).toBe(7)
  })

  it.each([
    ['a limit of 0', 0, 0, 'invalid limit'],
    ['a limit above 25', 0, 26, 'invalid limit'],
    ['a fractional limit', 0, 1.5, 'invalid limit'],
    ['a negative offset', -1, 5, 'invalid offset'],
  ])('list: %s reverts', async (_label, offset, limit, reason) => {
    const { chain, address } = await registry()
    const out = chain.view(address, 'list', [offset, limit])
    expect(out.code).toBe('REVERT')
    expect(out.reason).toBe(reason)
  })

  it('list: a full page of the largest records fits in one return value', async () => {
    const { chain, address, register } = await registry()
    const fields = { name: 'n'.repeat(64), description: 'd'.repeat(280), frontendUrl: 'https://' + 'u'.repeat(248), contracts: Array.from({ length: 16 }, (_, i) => addr(`c${i}`)) }
    for (let i = 0; i < 25; i++) ok(register(bob, `app-${'x'.repeat(55)}-${String(i).padStart(2, '0')}`, fields))
    const out = chain.view(address, 'list', [0, 25])
    expect(out.status).toBe('success')
    expect(JSON.parse(out.returnValue!)).toHaveLength(25)
  })
})
