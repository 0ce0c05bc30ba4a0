import { describe, expect, it } from 'vitest'
import { decodeAccount, encodeAccount } from './Account.ts'
import { MemoryNodeStore } from './MemoryNodeStore.ts'
import { decodeProof, encodeProof } from './SparseMerkleProof.ts'
import { proveKey } from './proveKey.ts'
import { readTree } from './readTree.ts'
import { accountKey, storageKey } from './stateKeys.ts'
import vectors from './treeVectors.json' with { type: 'json' }
import { updateTree } from './updateTree.ts'
import { verifyProof } from './verifyProof.ts'

// Known answers: an accidental change to hashing, proof encoding or state layout fails here.
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'))
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const changes = (list: { key: string; value: string | null }[]) => list.map((c) => ({ key: bytes(c.key), value: c.value === null ? null : bytes(c.value) }))

function replay() {
  const store = new MemoryNodeStore()
  const first = updateTree(store, new Uint8Array(32), changes(vectors.insert))
  store.putAll(first.newNodes)
  const second = updateTree(store, first.root, changes(vectors.update))
  store.putAll(second.newNodes)
  return { store, afterInsert: first.root, afterUpdate: second.root }
}

describe('known-answer vectors (treeVectors.json)', () => {
  it('roots after inserting, updating and deleting everything match the recorded ones', () => {
    const { store, afterInsert, afterUpdate } = replay()
    expect(hex(afterInsert)).toBe(vectors.roots.afterInsert)
    expect(hex(afterUpdate)).toBe(vectors.afterUpdate)
    const keys = [...new Set([...vectors.insert, ...vectors.update].map((c) => c.key))]
    expect(hex(updateTree(store, afterUpdate, keys.map((k) => ({ key: bytes(k), value: null }))).root)).toBe(vectors.afterDeletingAll)
  })

  it('the same set inserted in one batch in reverse order gives the recorded root', () => {
    expect(hex(updateTree(new MemoryNodeStore(), new Uint8Array(32), changes([...vectors.insert].reverse())).root)).toBe(vectors.roots.afterInsert)
  })

  it('proofs encode to the recorded bytes and verify with the recorded values', () => {
    const { store, afterUpdate } = replay()
    for (const p of vectors.proofs) {
      const { value, proof } = proveKey(store, afterUpdate, bytes(p.key))
      expect(hex(encodeProof(proof))).toBe(p.proof)
      expect(value === undefined ? null : hex(value)).toBe(p.value)
      expect(verifyProof(bytes(vectors.afterUpdate), bytes(p.key), p.value === null ? null : bytes(p.value), decodeProof(bytes(p.proof))!)).toBe(true)
    }
    expect(readTree(store, afterUpdate, bytes(vectors.insert[0]!.key))).toEqual(bytes(vectors.update[0]!.value!))
  })

  it('state keys and account encodings match the recorded bytes', () => {
    const s = vectors.state
    expect(hex(accountKey(s.accountKey.address))).toBe(s.accountKey.key)
    expect(hex(storageKey(s.storageKey.contract, s.storageKey.key))).toBe(s.storageKey.treeKey)
    for (const a of s.accounts) {
      const account = { nonce: BigInt(a.nonce), balance: BigInt(a.balance), ...(a.codeHash ? { codeHash: a.codeHash } : {}) }
      expect(hex(encodeAccount(account))).toBe(a.encoding)
      expect(decodeAccount(bytes(a.encoding))).toEqual(account)
    }
  })
})
