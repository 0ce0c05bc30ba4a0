import { describe, expect, it } from 'vitest'
import type { StorageChange } from '../../vm/types.ts'
import { encodeAccount } from './Account.ts'
import { MemoryNodeStore } from './MemoryNodeStore.ts'
import type { NodeStore } from './NodeStore.ts'
import { StateView } from './StateView.ts'
import { applyStateChanges, type StateChanges } from './applyStateChanges.ts'
import { accountKey, storageKey } from './stateKeys.ts'
import { verifyProof } from './verifyProof.ts'

const EMPTY = new Uint8Array(32)
const alice = '0x' + 'a1'.repeat(20)
const bob = '0x' + 'b0'.repeat(20)
const token = '0x' + '70'.repeat(20)
const codeHash = '0x' + 'c0'.repeat(32)

function commit(store: MemoryNodeStore, root: Uint8Array, changes: StateChanges): Uint8Array {
  const u = applyStateChanges(store, root, changes)
  store.putAll(u.newNodes)
  return u.root
}

/** Counts reads, to see the cache at work. */
class CountingStore implements NodeStore {
  reads = 0
  constructor(readonly inner: NodeStore) {}
  get(hash: string) {
    this.reads++
    return this.inner.get(hash)
  }
}

describe('StateView / applyStateChanges', () => {
  it('accounts and storage written in one update read back; unknown ones are undefined', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, {
      accounts: [
        { address: alice, account: { nonce: 3n, balance: 10n ** 30n } },
        { address: token, account: { nonce: 0n, balance: 0n, codeHash } },
      ],
      storage: [
        { contract: token, key: 'bal:' + alice, value: '1000' },
        { contract: token, key: 'név', value: 'érték 🙂' },
        { contract: token, key: 'empty', value: '' },
      ],
    })
    const view = new StateView(store, root)
    expect(view.getAccount(alice)).toEqual({ nonce: 3n, balance: 10n ** 30n })
    expect(view.getAccount(token)).toEqual({ nonce: 0n, balance: 0n, codeHash })
    expect(view.getAccount(bob)).toBeUndefined()
    expect(view.getStorage(token, 'bal:' + alice)).toBe('1000')
    expect(view.getStorage(token, 'név')).toBe('érték 🙂')
    expect(view.getStorage(token, 'empty')).toBe('')
    expect(view.getStorage(token, 'bal:' + bob)).toBeUndefined()
    // Same key, other contract: a different slot.
    expect(view.getStorage(alice, 'bal:' + alice)).toBeUndefined()
  })

  it('null deletes a storage slot or an account; a view of the old root still sees them', () => {
    const store = new MemoryNodeStore()
    const r1 = commit(store, EMPTY, { accounts: [{ address: alice, account: { nonce: 1n, balance: 5n } }], storage: [{ contract: token, key: 'k', value: 'v' }] })
    const r2 = commit(store, r1, { accounts: [{ address: alice, account: null }], storage: [{ contract: token, key: 'k', value: null }] })
    expect(r2).toEqual(EMPTY)
    expect(new StateView(store, r2).getStorage(token, 'k')).toBeUndefined()
    expect(new StateView(store, r2).getAccount(alice)).toBeUndefined()
    expect(new StateView(store, r1).getStorage(token, 'k')).toBe('v')
    expect(new StateView(store, r1).getAccount(alice)).toEqual({ nonce: 1n, balance: 5n })
  })

  it('a slot written twice in one update keeps the last write; the VM StorageChange shape passes straight in', () => {
    const store = new MemoryNodeStore()
    const changes: StorageChange[] = [
      { contract: token, key: 'k', value: 'first' },
      { contract: token, key: 'k', value: 'last' },
    ]
    const root = commit(store, EMPTY, { storage: changes })
    expect(new StateView(store, root).getStorage(token, 'k')).toBe('last')
  })

  it('the same writes give the same root whether accounts or storage come first', () => {
    const accounts = [{ address: bob, account: { nonce: 0n, balance: 1n } }]
    const storage = [{ contract: token, key: 'a', value: '1' }, { contract: token, key: 'b', value: '2' }]
    const r1 = applyStateChanges(new MemoryNodeStore(), EMPTY, { accounts, storage }).root
    const s = new MemoryNodeStore()
    const r2 = commit(s, commit(s, EMPTY, { storage: [...storage].reverse() }), { accounts })
    expect(r2).toEqual(r1)
  })

  it('repeated reads, present or absent, are answered from the cache', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, { accounts: [{ address: alice, account: { nonce: 0n, balance: 1n } }, { address: bob, account: { nonce: 0n, balance: 2n } }], storage: [{ contract: token, key: 'k', value: 'v' }] })
    const counting = new CountingStore(store)
    const view = new StateView(counting, root)
    view.getAccount(alice)
    view.getStorage(token, 'k')
    view.getStorage(token, 'absent')
    const reads = counting.reads
    expect(view.getAccount(alice)).toEqual({ nonce: 0n, balance: 1n })
    expect(view.getStorage(token, 'k')).toBe('v')
    expect(view.getStorage(token, 'absent')).toBeUndefined()
    expect(counting.reads).toBe(reads)
  })

  it('a cache of 2 entries: older entries are forgotten and read again from the store, with the same answers', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, { storage: ['a', 'b', 'c'].map((k) => ({ contract: token, key: k, value: k.toUpperCase() })) })
    const counting = new CountingStore(store)
    const view = new StateView(counting, root, 2)
    for (const k of ['a', 'b', 'c']) view.getStorage(token, k)
    const reads = counting.reads
    expect(view.getStorage(token, 'a')).toBe('A')
    expect(counting.reads).toBeGreaterThan(reads)
  })

  it('account and storage proofs verify against the root with the encoded values, absent ones as non-inclusion', () => {
    const store = new MemoryNodeStore()
    const root = commit(store, EMPTY, { accounts: [{ address: alice, account: { nonce: 2n, balance: 7n } }], storage: [{ contract: token, key: 'k', value: 'v' }] })
    const view = new StateView(store, root)
    const a = view.proveAccount(alice)
    expect(a.account).toEqual({ nonce: 2n, balance: 7n })
    expect(verifyProof(root, accountKey(alice), encodeAccount(a.account!), a.proof)).toBe(true)
    expect(verifyProof(root, accountKey(alice), encodeAccount({ nonce: 2n, balance: 8n }), a.proof)).toBe(false)
    const absent = view.proveAccount(bob)
    expect(absent.account).toBeUndefined()
    expect(verifyProof(root, accountKey(bob), null, absent.proof)).toBe(true)
    const s = view.proveStorage(token, 'k')
    expect(s.value).toBe('v')
    expect(verifyProof(root, storageKey(token, 'k'), new TextEncoder().encode('v'), s.proof)).toBe(true)
  })

  it('an invalid account (negative balance) in a change set: RangeError before anything is computed', () => {
    expect(() => applyStateChanges(new MemoryNodeStore(), EMPTY, { accounts: [{ address: alice, account: { nonce: 0n, balance: -1n } }] })).toThrow(RangeError)
  })
})
