import { describe, expect, it } from 'vitest'
import { WRITE_MAP_BASE } from './engine.ts'
import { markWritten } from './snapshot.ts'
import { BLOCK_BYTES } from './trackWrites.ts'

describe('markWritten (the host marking its own writes into engine memory)', () => {
  const marked = (at: number, n: number): number[] => {
    const heap = new Uint8Array(WRITE_MAP_BASE + 64)
    markWritten(heap, at, n)
    return [...heap.subarray(WRITE_MAP_BASE)].flatMap((b, i) => (b ? [i] : []))
  }

  it('marks every block the range touches, and only those', () => {
    expect(marked(0, 1)).toEqual([0])
    expect(marked(BLOCK_BYTES - 1, 2)).toEqual([0, 1])
    expect(marked(BLOCK_BYTES, BLOCK_BYTES)).toEqual([1])
    expect(marked(3 * BLOCK_BYTES + 5, 2 * BLOCK_BYTES)).toEqual([3, 4, 5])
  })

  it('an empty range marks nothing', () => {
    expect(marked(5 * BLOCK_BYTES, 0)).toEqual([])
  })
})
