import { describe, expect, it } from 'vitest'
import { sha256 } from './hash.ts'
import { merkleRoot } from './merkleRoot.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const item = (i: number) => Uint8Array.of(i)
const leaf = (x: Uint8Array) => sha256(Uint8Array.of(0), x)
const node = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(1), l, r)

describe('merkleRoot', () => {
  it('empty list: sha256("empty")', () => {
    expect(hex(merkleRoot([]))).toBe(hex(sha256(new TextEncoder().encode('empty'))))
  })

  it('one item: its leaf hash sha256(0x00 || item)', () => {
    expect(hex(merkleRoot([item(1)]))).toBe(hex(leaf(item(1))))
  })

  it('three items: the odd last leaf is promoted, not paired with itself', () => {
    const [a, b, c] = [item(1), item(2), item(3)].map(leaf) as [Uint8Array, Uint8Array, Uint8Array]
    expect(hex(merkleRoot([item(1), item(2), item(3)]))).toBe(hex(node(node(a, b), c)))
  })

  it('five items: promotion at two levels', () => {
    const l = [1, 2, 3, 4, 5].map((i) => leaf(item(i)))
    const expected = node(node(node(l[0]!, l[1]!), node(l[2]!, l[3]!)), l[4]!)
    expect(hex(merkleRoot([1, 2, 3, 4, 5].map(item)))).toBe(hex(expected))
  })

  it('a list and the same list with its last item repeated: different roots (no CVE-2012-2459)', () => {
    const three = [1, 2, 3].map(item)
    expect(hex(merkleRoot(three))).not.toBe(hex(merkleRoot([...three, item(3)])))
  })

  it('a two-leaf root offered as a single item: a different root (leaf and node domains differ)', () => {
    const pair = [item(1), item(2)]
    const inner = new Uint8Array(Buffer.concat(pair.map(leaf)))
    expect(hex(merkleRoot([inner]))).not.toBe(hex(merkleRoot(pair)))
  })

  it('order matters: swapping two items changes the root', () => {
    expect(hex(merkleRoot([item(1), item(2)]))).not.toBe(hex(merkleRoot([item(2), item(1)])))
  })

  it('the empty root: not equal to the root of a list holding one empty item', () => {
    expect(hex(merkleRoot([]))).not.toBe(hex(merkleRoot([new Uint8Array(0)])))
  })
})
