/// <reference path="./webassembly.d.ts" />
import { STACK_POINTER_INIT, STATIC_END, WRITE_MAP_BASE, stackFloor, writeMapBytes, type EngineInstance } from './engine.ts'
import { BLOCK_SHIFT } from './trackWrites.ts'

/**
 * A copy of the live parts of an instance's linear memory: the static region and the heap up
 * to its last non-zero byte (dlmalloc's top-chunk header sits right after the last allocated
 * chunk, so nothing allocated lies beyond it). Restoring it puts the runtime back exactly as it
 * was when taken: globals, module state, GC and interrupt counters, allocator state.
 */
export interface MemorySnapshot {
  readonly staticBytes: Uint8Array
  readonly heapBytes: Uint8Array
  /** Bytes a full restore copies. */
  readonly size: number
}

/**
 * Per instance: the snapshot its memory equals apart from the blocks its write map marks (the
 * one last taken or restored), and the snapshot copied into its memory for the engine to restore
 * from (`resident`, with where its two parts are). A restore of the baseline need only copy the
 * marked blocks; of any other snapshot, everything.
 */
interface Tracking {
  baseline: MemorySnapshot | undefined
  resident: { readonly snapshot: MemorySnapshot; readonly staticAt: number; readonly heapAt: number } | undefined
}
const tracking = new WeakMap<EngineInstance, Tracking>()
const trackingOf = (instance: EngineInstance): Tracking => {
  let t = tracking.get(instance)
  if (t === undefined) tracking.set(instance, (t = { baseline: undefined, resident: undefined }))
  return t
}

/** How restores were done in this process (tests check the engine's own path is the one taken). */
export const restoreStats = { full: 0, marked: 0, resident: 0 }

const ALIGN = 4096
const ZERO_PAGE = Buffer.alloc(ALIGN)

/** Offset of the last non-zero byte at or above `from`; pages are compared natively. */
function lastNonZero(buffer: ArrayBuffer, from: number): number {
  let page = Math.floor(buffer.byteLength / ALIGN) - 1
  while (page * ALIGN >= from && Buffer.from(buffer, page * ALIGN, ALIGN).equals(ZERO_PAGE)) page--
  const u8 = new Uint8Array(buffer)
  let last = (page + 1) * ALIGN - 1
  while (last >= from && u8[last] === 0) last--
  return last
}

/**
 * Take a snapshot of the instance's memory (call only while no guest code runs); it becomes the
 * baseline. With `resident`, it is also copied into the instance's memory, below the stack, so
 * that later restores are done by the engine itself (restoreWritten) when it fits there.
 */
export function takeSnapshot(instance: EngineInstance, options: { resident?: boolean } = {}): MemorySnapshot {
  const buffer = instance.memory.buffer
  const u8 = new Uint8Array(buffer)
  const last = lastNonZero(buffer, STACK_POINTER_INIT)
  const heapEnd = Math.min(u8.length, Math.ceil((last + 1) / ALIGN) * ALIGN + ALIGN)
  const staticBytes = u8.slice(0, STATIC_END)
  const heapBytes = u8.slice(STACK_POINTER_INIT, heapEnd)
  const snapshot = { staticBytes, heapBytes, size: staticBytes.length + heapBytes.length }
  const t = trackingOf(instance)
  if (options.resident) {
    const staticAt = align16(WRITE_MAP_BASE + writeMapBytes(instance.memoryBytes))
    const heapAt = align16(staticAt + staticBytes.length)
    if (heapAt + heapBytes.length <= stackFloor(instance.stackBytes)) {
      u8.set(staticBytes, staticAt)
      u8.set(heapBytes, heapAt)
      t.resident = { snapshot, staticAt, heapAt }
    } else t.resident = undefined
  }
  settle(instance, t, snapshot)
  return snapshot
}

/** Put the instance's memory back to `snapshot`, all of it. */
export function restoreSnapshot(instance: EngineInstance, snapshot: MemorySnapshot): void {
  restoreStats.full++
  const u8 = new Uint8Array(instance.memory.buffer)
  u8.set(snapshot.staticBytes, 0)
  u8.set(snapshot.heapBytes, STACK_POINTER_INIT)
  settle(instance, trackingOf(instance), snapshot)
}

/**
 * Put the instance's memory back to `snapshot` by copying only the blocks written since it was
 * last taken or restored (the write map, trackWrites.ts): the same bytes as a full restore, a
 * fraction of the copying. The engine does the copying when the snapshot is resident in its
 * memory. Falls back to a full restore when the memory's baseline is another snapshot or when
 * writes happened out of the map's sight (EngineInstance.watch).
 */
export function restoreWritten(instance: EngineInstance, snapshot: MemorySnapshot): void {
  const t = trackingOf(instance)
  if (instance.watch.unknownWrites || t.baseline !== snapshot) return restoreSnapshot(instance, snapshot)
  const buffer = instance.memory.buffer
  const mapBytes = buffer.byteLength >>> BLOCK_SHIFT
  const heapEnd = STACK_POINTER_INIT + snapshot.heapBytes.length
  if (t.resident?.snapshot === snapshot) {
    restoreStats.resident++
    instance.restoreMarked(t.resident.staticAt, heapEnd, t.resident.heapAt, mapBytes)
    return
  }
  restoreStats.marked++
  const u8 = new Uint8Array(buffer)
  const map = new Uint8Array(buffer, WRITE_MAP_BASE, mapBytes)
  copyMarked(u8, map, 0, STATIC_END, snapshot.staticBytes, 0)
  copyMarked(u8, map, STACK_POINTER_INIT, heapEnd, snapshot.heapBytes, STACK_POINTER_INIT)
  map.fill(0)
}

/** Copy the marked blocks of [start, end) back from `source` (which holds memory from `sourceAt`). */
function copyMarked(u8: Uint8Array, map: Uint8Array, start: number, end: number, source: Uint8Array, sourceAt: number): void {
  const last = (end - 1) >>> BLOCK_SHIFT
  let b = map.indexOf(1, start >>> BLOCK_SHIFT)
  while (b >= 0 && b <= last) {
    let e = b + 1
    while (e <= last && map[e] === 1) e++
    const from = Math.max(b << BLOCK_SHIFT, start)
    const to = Math.min(e << BLOCK_SHIFT, end)
    u8.set(source.subarray(from - sourceAt, to - sourceAt), from)
    b = map.indexOf(1, e)
  }
}

/** The memory equals `snapshot` now: it is the baseline, with nothing written since. */
function settle(instance: EngineInstance, t: Tracking, snapshot: MemorySnapshot): void {
  const buffer = instance.memory.buffer
  new Uint8Array(buffer, WRITE_MAP_BASE, buffer.byteLength >>> BLOCK_SHIFT).fill(0)
  instance.watch.unknownWrites = false
  t.baseline = snapshot
}

const align16 = (n: number): number => (n + 15) & ~15

/**
 * Mark [at, at + n) as written: for the host's own writes into engine memory (strings it copies
 * in), which the engine's write tracking does not see.
 */
export function markWritten(heap: Uint8Array, at: number, n: number): void {
  if (n <= 0) return
  heap.fill(1, WRITE_MAP_BASE + (at >>> BLOCK_SHIFT), WRITE_MAP_BASE + ((at + n - 1) >>> BLOCK_SHIFT) + 1)
}
