import { describe, expect, it } from 'vitest'
import { NS, key, openChainStore, writeBatch } from '../storage/ChainStore.ts'
import { flatAccountKey, flatStorageKey, flatWrites, loadFlatState } from './FlatState.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
const contract = '0x' + 'ab'.repeat(20)

describe('flat-state keys', () => {
  it.each([['ASCII', 'balance:0x' + 'cd'.repeat(20)], ['non-ASCII', 'naïve€😀'], ['empty', ''], ['long', 'k'.repeat(300)]])('%s slot key: NS.flat then the UTF-8 of s + contract + key', (_name, k) => {
    expect(flatStorageKey(contract, k)).toEqual(key(NS.flat, utf8('s' + contract + k)))
  })

  it('account key: NS.flat then a + address', () => {
    expect(flatAccountKey(contract)).toEqual(key(NS.flat, utf8('a' + contract)))
  })

  it('written with a block and loaded at start: the same accounts and slots, non-ASCII keys included', async () => {
    const store = await openChainStore(undefined)
    const writes = flatWrites([{ address: contract, account: { nonce: 3n, balance: 7n }, previous: null }], [
      { contract, key: 'naïve€', value: 'v1', previous: null },
      { contract, key: 'plain', value: 'v2', previous: null },
    ])
    await writeBatch(store, writes.map((w) => ({ type: 'put' as const, key: w.key, value: w.value! })))
    const flat = await loadFlatState(store)
    expect(flat.getAccount(contract)).toEqual({ nonce: 3n, balance: 7n })
    expect(flat.getStorage(contract, 'naïve€')).toBe('v1')
    expect(flat.getStorage(contract, 'plain')).toBe('v2')
  })
})
