/// <reference path="./webassembly.d.ts" />
import { STACK_POINTER_INIT, STATIC_END } from './engine.ts'

/**
 * A copy of the live parts of an instance's linear memory: the static region and the heap up
 * to its last non-zero byte (dlmalloc's top-chunk header sits right after the last allocated
 * chunk, so nothing allocated lies beyond it). Restoring it puts the runtime back exactly as it
 * was when taken: globals, module state, GC and interrupt counters, allocator state.
 */
export interface MemorySnapshot {
  readonly staticBytes: Uint8Array
  readonly heapBytes: Uint8Array
  /** Bytes copied per restore. */
  readonly size: number
}

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

/** Take a snapshot of `memory` (call only while no guest code runs). */
export function takeSnapshot(memory: WebAssembly.Memory): MemorySnapshot {
  const u8 = new Uint8Array(memory.buffer)
  const last = lastNonZero(memory.buffer, STACK_POINTER_INIT)
  const heapEnd = Math.min(u8.length, Math.ceil((last + 1) / ALIGN) * ALIGN + ALIGN)
  const staticBytes = u8.slice(0, STATIC_END)
  const heapBytes = u8.slice(STACK_POINTER_INIT, heapEnd)
  return { staticBytes, heapBytes, size: staticBytes.length + heapBytes.length }
}

/** Put `memory` back to `snapshot`. */
export function restoreSnapshot(memory: WebAssembly.Memory, snapshot: MemorySnapshot): void {
  const u8 = new Uint8Array(memory.buffer)
  u8.set(snapshot.staticBytes, 0)
  u8.set(snapshot.heapBytes, STACK_POINTER_INIT)
}
