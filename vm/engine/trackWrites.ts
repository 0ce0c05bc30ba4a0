/**
 * Write tracking for the engine's wasm: a rewrite of the module so that every write to linear
 * memory also marks its block (BLOCK_BYTES) in a byte map inside that memory, and an added
 * function, `tsvm_restore`, that copies back from a snapshot kept in that memory only the marked
 * blocks. Restoring an instance before each call (snapshot.ts) then costs about what the last
 * call wrote, not the whole ~500 KB of static data and heap.
 *
 * The rewrite is mechanical and deterministic (the same input bytes give the same output): every
 * store instruction keeps its operands and is followed by a byte store of 1 at
 * `map + ((address + offset) >>> BLOCK_SHIFT)`; `memory.fill` and `memory.copy` become calls to
 * added functions that do the same operation and mark the destination range. Nothing else in the
 * module changes, so the engine computes exactly what it did before. The map and the snapshot
 * copy lie at the bottom of the C stack's region, which the stack never reaches (engine.ts).
 *
 * Writes made from JavaScript (the host's string copies into engine memory) are not seen by the
 * rewrite: their callers mark them (snapshot.ts markWritten), and any other host access to an
 * instance's memory is treated as unknown writes (a full restore).
 */

/** log2 of the tracked block size: small blocks copy fewer bytes; the copy loop is in wasm, so many runs cost little. */
export const BLOCK_SHIFT = 8
export const BLOCK_BYTES = 1 << BLOCK_SHIFT

/** Where things are in the instance's memory, fixed per engine build (engine.ts). */
export interface TrackLayout {
  /** The map: one byte per block of memory. */
  readonly map: number
  /** The static region is [0, staticEnd); the heap starts at heapStart. */
  readonly staticEnd: number
  readonly heapStart: number
}

/** The added export: (staticSource, heapEnd, heapSource, mapBytes) → restore the marked blocks, clear the map. */
export const RESTORE_EXPORT = 'tsvm_restore'

class Reader {
  p = 0
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    return this.b[this.p++]!
  }
  u32(): number {
    let r = 0
    let s = 0
    let x: number
    do {
      x = this.b[this.p++]!
      r += (x & 0x7f) * 2 ** s
      s += 7
    } while (x & 0x80)
    return r
  }
  /** Skip a LEB128 (signed or not) of any length. */
  skipLeb(): void {
    while (this.b[this.p++]! & 0x80);
  }
}

class Writer {
  private buf = new Uint8Array(1 << 16)
  length = 0
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }
  byte(x: number): void {
    this.room(1)
    this.buf[this.length++] = x
  }
  bytes(b: ArrayLike<number>): void {
    this.room(b.length)
    if (b instanceof Uint8Array) this.buf.set(b, this.length)
    else for (let i = 0; i < b.length; i++) this.buf[this.length + i] = b[i]!
    this.length += b.length
  }
  u32(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`trackWrites: not a u32: ${n}`)
    do {
      let x = n % 128
      n = Math.floor(n / 128)
      if (n !== 0) x |= 0x80
      this.byte(x)
    } while (n !== 0)
  }
  s32(n: number): void {
    n |= 0
    for (;;) {
      const x = n & 0x7f
      n >>= 7
      if ((n === 0 && (x & 0x40) === 0) || (n === -1 && (x & 0x40) !== 0)) {
        this.byte(x)
        return
      }
      this.byte(x | 0x80)
    }
  }
  /** A length-prefixed vector of byte strings (sections, bodies). */
  done(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

const I32 = 0x7f
const I64 = 0x7e
const F32 = 0x7d
const F64 = 0x7c
const VOID = 0x40

// The few opcodes the added code uses.
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, return: 0x0f, call: 0x10, select: 0x1b,
  get: 0x20, set: 0x21, tee: 0x22, load8u: 0x2d, store8: 0x3a, const: 0x41,
  eqz: 0x45, ltU: 0x49, gtU: 0x4b, leU: 0x4d, add: 0x6a, sub: 0x6b, shl: 0x74, shrU: 0x76, prefix: 0xfc,
} as const

/** Value type of each store opcode (0x36..0x3e). */
const STORE_TYPE: Record<number, number> = { 0x36: I32, 0x37: I64, 0x38: F32, 0x39: F64, 0x3a: I32, 0x3b: I32, 0x3c: I64, 0x3d: I64, 0x3e: I64 }

interface Section {
  readonly id: number
  readonly body: Uint8Array
}

function sectionsOf(bytes: Uint8Array): Section[] {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d || bytes[4] !== 1) throw new Error('not a wasm 1.0 module')
  const r = new Reader(bytes)
  r.p = 8
  const out: Section[] = []
  while (r.p < bytes.length) {
    const id = r.byte()
    const size = r.u32()
    out.push({ id, body: bytes.subarray(r.p, r.p + size) })
    r.p += size
  }
  return out
}

interface FuncType {
  readonly params: readonly number[]
  readonly results: readonly number[]
}

function functionTypes(body: Uint8Array): FuncType[] {
  const r = new Reader(body)
  const n = r.u32()
  const out: FuncType[] = []
  for (let i = 0; i < n; i++) {
    if (r.byte() !== 0x60) throw new Error('trackWrites: unexpected type form')
    const params = Array.from({ length: r.u32() }, () => r.byte())
    const results = Array.from({ length: r.u32() }, () => r.byte())
    out.push({ params, results })
  }
  return out
}

function countImportedFunctions(body: Uint8Array | undefined): number {
  if (!body) return 0
  const r = new Reader(body)
  const n = r.u32()
  let functions = 0
  for (let i = 0; i < n; i++) {
    for (let name = 0; name < 2; name++) {
      const length = r.u32()
      r.p += length
    }
    const kind = r.byte()
    if (kind === 0) {
      functions++
      r.u32()
    } else if (kind === 1) {
      r.byte()
      if (r.byte() & 1) r.u32()
      r.u32()
    } else if (kind === 2) {
      if (r.byte() & 1) r.u32()
      r.u32()
    } else if (kind === 3) r.p += 2
    else throw new Error(`trackWrites: unknown import kind ${kind}`)
  }
  return functions
}

/**
 * Rewrite `bytes` (the engine's wasm) as the file comment says. Throws on any instruction it does
 * not know, so a new engine build is checked rather than silently half-tracked.
 */
export function trackWrites(bytes: Uint8Array, layout: TrackLayout): Uint8Array {
  const sections = sectionsOf(bytes)
  const typeSection = sections.find((s) => s.id === 1)
  const funcSection = sections.find((s) => s.id === 3)
  const codeSection = sections.find((s) => s.id === 10)
  const exportSection = sections.find((s) => s.id === 7)
  if (!typeSection || !funcSection || !codeSection || !exportSection) throw new Error('trackWrites: module without functions or exports')
  const types = functionTypes(typeSection.body)
  const importedFunctions = countImportedFunctions(sections.find((s) => s.id === 2)?.body)
  const fr = new Reader(funcSection.body)
  const definedTypes = Array.from({ length: fr.u32() }, () => fr.u32())

  // Added types and functions.
  const added: FuncType[] = [
    { params: [I32, I32], results: [] }, // mark(at, n)
    { params: [I32, I32, I32], results: [] }, // fill(d, v, n), copy(d, s, n), restoreRange(start, end, source)
    { params: [I32, I32, I32, I32], results: [] }, // restore(staticSource, heapEnd, heapSource, mapBytes)
  ]
  const [markType, threeType, fourType] = [types.length, types.length + 1, types.length + 2]
  const first = importedFunctions + definedTypes.length
  const fn = { mark: first, fill: first + 1, copy: first + 2, restoreRange: first + 3, restore: first + 4 }

  const bodies: Uint8Array[] = []
  const cr = new Reader(codeSection.body)
  const count = cr.u32()
  if (count !== definedTypes.length) throw new Error('trackWrites: function and code sections disagree')
  for (let f = 0; f < count; f++) {
    const size = cr.u32()
    const end = cr.p + size
    let locals = types[definedTypes[f]!]!.params.length
    const groups: Array<[number, number]> = []
    const groupCount = cr.u32()
    for (let i = 0; i < groupCount; i++) {
      const n = cr.u32()
      groups.push([n, cr.byte()])
      locals += n
    }
    // Scratch locals after the function's own: the address, then a value per type.
    const addr = locals
    const value: Record<number, number> = { [I32]: locals + 1, [I64]: locals + 2, [F32]: locals + 3, [F64]: locals + 4 }
    const code = codeSection.body.subarray(cr.p, end)
    const w = new Writer()
    w.u32(groups.length + 5)
    for (const [n, t] of groups) {
      w.u32(n)
      w.byte(t)
    }
    for (const t of [I32, I32, I64, F32, F64]) {
      w.u32(1)
      w.byte(t)
    }
    rewriteCode(code, w, f, { addr, value, fill: fn.fill, copy: fn.copy, map: layout.map })
    bodies.push(w.done())
    cr.p = end
  }
  bodies.push(markBody(layout.map), bulkBody([11, 0], fn.mark), bulkBody([10, 0, 0], fn.mark), restoreRangeBody(layout.map), restoreBody(layout, fn.restoreRange))

  const out = new Writer()
  out.bytes(bytes.subarray(0, 8))
  const emit = (id: number, body: Uint8Array) => {
    out.byte(id)
    out.u32(body.length)
    out.bytes(body)
  }
  for (const s of sections) {
    const t = new Writer()
    if (s.id === 1) {
      t.u32(types.length + added.length)
      for (const x of [...types, ...added]) {
        t.byte(0x60)
        t.u32(x.params.length)
        t.bytes(x.params)
        t.u32(x.results.length)
        t.bytes(x.results)
      }
      emit(1, t.done())
    } else if (s.id === 3) {
      t.u32(definedTypes.length + 5)
      for (const x of [...definedTypes, markType, threeType, threeType, threeType, fourType]) t.u32(x)
      emit(3, t.done())
    } else if (s.id === 7) {
      const r = new Reader(s.body)
      const n = r.u32()
      t.u32(n + 1)
      t.bytes(s.body.subarray(r.p))
      const name = new TextEncoder().encode(RESTORE_EXPORT)
      t.u32(name.length)
      t.bytes(name)
      t.byte(0) // a function
      t.u32(fn.restore)
      emit(7, t.done())
    } else if (s.id === 10) {
      t.u32(bodies.length)
      for (const b of bodies) {
        t.u32(b.length)
        t.bytes(b)
      }
      emit(10, t.done())
    } else emit(s.id, s.body)
  }
  return out.done()
}

interface RewriteContext {
  readonly addr: number
  readonly value: Record<number, number>
  readonly fill: number
  readonly copy: number
  readonly map: number
}

/** Copy one function's instructions into `w`, each store followed by its mark, bulk writes turned into marking calls. */
function rewriteCode(code: Uint8Array, w: Writer, f: number, c: RewriteContext): void {
  const ir = new Reader(code)
  let copied = 0
  const flush = (to: number) => {
    w.bytes(code.subarray(copied, to))
    copied = to
  }
  while (ir.p < code.length) {
    const at = ir.p
    const op = ir.byte()
    if (op >= 0x36 && op <= 0x3e) {
      ir.u32()
      const offset = ir.u32()
      const v = c.value[STORE_TYPE[op]!]!
      flush(at)
      w.byte(OP.set)
      w.u32(v)
      w.byte(OP.tee)
      w.u32(c.addr)
      w.byte(OP.get)
      w.u32(v)
      flush(ir.p) // the store itself, unchanged
      w.byte(OP.get)
      w.u32(c.addr)
      if (offset !== 0) {
        w.byte(OP.const)
        w.s32(offset)
        w.byte(OP.add)
      }
      w.byte(OP.const)
      w.s32(BLOCK_SHIFT)
      w.byte(OP.shrU)
      markStore(w, c.map)
      continue
    }
    switch (op) {
      case 0x02: case 0x03: case 0x04: {
        const bt = code[ir.p]!
        if (bt === VOID || bt === I32 || bt === I64 || bt === F32 || bt === F64 || bt === 0x70 || bt === 0x6f || bt === 0x7b) ir.p++
        else ir.skipLeb()
        break
      }
      case 0x0c: case 0x0d: case 0x10: case 0xd2: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26:
        ir.u32()
        break
      case 0x0e: {
        const n = ir.u32()
        for (let i = 0; i <= n; i++) ir.u32()
        break
      }
      case 0x11:
        ir.u32()
        ir.u32()
        break
      case 0x1c: {
        const n = ir.u32()
        ir.p += n
        break
      }
      case 0x3f: case 0x40: case 0xd0:
        ir.p++
        break
      case 0x41: case 0x42:
        ir.skipLeb()
        break
      case 0x43:
        ir.p += 4
        break
      case 0x44:
        ir.p += 8
        break
      case OP.prefix: {
        const sub = ir.u32()
        if (sub <= 7) break // saturating truncations: no immediates
        if (sub === 8) { // memory.init: a data segment index and a memory
          ir.u32()
          ir.p++
        } else if (sub === 9) ir.u32() // data.drop
        else if (sub === 10 || sub === 11) { // memory.copy, memory.fill → the marking versions
          ir.p += sub === 10 ? 2 : 1
          flush(at)
          w.byte(OP.call)
          w.u32(sub === 10 ? c.copy : c.fill)
          copied = ir.p
        } else throw new Error(`trackWrites: unsupported instruction 0xfc ${sub} in function ${f}`)
        break
      }
      default:
        if (op >= 0x28 && op <= 0x35) {
          ir.u32()
          ir.u32()
        } else if (!(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4))) {
          throw new Error(`trackWrites: unsupported opcode 0x${op.toString(16)} in function ${f}`)
        }
    }
  }
  flush(code.length)
}

/** [block index] → map[index] = 1 (this store is the map's own: not marked). */
function markStore(w: Writer, map: number): void {
  w.byte(OP.const)
  w.s32(1)
  w.byte(OP.store8)
  w.u32(0)
  w.u32(map)
}

function body(localGroups: Array<[number, number]>, emitCode: (w: Writer) => void): Uint8Array {
  const w = new Writer()
  w.u32(localGroups.length)
  for (const [n, t] of localGroups) {
    w.u32(n)
    w.byte(t)
  }
  emitCode(w)
  w.byte(OP.end)
  return w.done()
}

const c32 = (w: Writer, n: number) => {
  w.byte(OP.const)
  w.s32(n)
}

/** mark(at, n): the blocks of [at, at + n). Locals: 2 block, 3 last block. */
function markBody(map: number): Uint8Array {
  return body([[2, I32]], (w) => {
    w.bytes([OP.get, 1, OP.eqz, OP.if, VOID, OP.return, OP.end])
    w.bytes([OP.get, 0]); c32(w, BLOCK_SHIFT); w.bytes([OP.shrU, OP.set, 2])
    w.bytes([OP.get, 0, OP.get, 1, OP.add]); c32(w, 1); w.byte(OP.sub); c32(w, BLOCK_SHIFT); w.bytes([OP.shrU, OP.set, 3])
    w.bytes([OP.loop, VOID, OP.get, 2])
    markStore(w, map)
    w.bytes([OP.get, 2]); c32(w, 1); w.bytes([OP.add, OP.tee, 2, OP.get, 3, OP.leU, OP.brIf, 0, OP.end])
  })
}

/** fill(d, v, n) / copy(d, s, n): the bulk operation, then mark [d, d + n). */
function bulkBody(opcode: number[], mark: number): Uint8Array {
  return body([], (w) => {
    w.bytes([OP.get, 0, OP.get, 1, OP.get, 2, OP.prefix, ...opcode, OP.get, 0, OP.get, 2, OP.call])
    w.u32(mark)
  })
}

/**
 * restoreRange(start, end, source): for each run of marked blocks over [start, end), copy it back
 * from `source` (where the snapshot of `start` lies), clipped to [start, end).
 * Locals: 3 block, 4 last, 5 run end, 6 from, 7 to.
 */
function restoreRangeBody(map: number): Uint8Array {
  return body([[5, I32]], (w) => {
    const load = (local: number) => {
      w.bytes([OP.get, local, OP.load8u, 0])
      w.u32(map)
    }
    w.bytes([OP.get, 1, OP.get, 0, OP.leU, OP.if, VOID, OP.return, OP.end])
    w.bytes([OP.get, 0]); c32(w, BLOCK_SHIFT); w.bytes([OP.shrU, OP.set, 3])
    w.bytes([OP.get, 1]); c32(w, 1); w.byte(OP.sub); c32(w, BLOCK_SHIFT); w.bytes([OP.shrU, OP.set, 4])
    w.bytes([OP.block, VOID, OP.loop, VOID])
    w.bytes([OP.get, 3, OP.get, 4, OP.gtU, OP.brIf, 1])
    load(3)
    w.bytes([OP.eqz, OP.if, VOID, OP.get, 3]); c32(w, 1); w.bytes([OP.add, OP.set, 3, OP.br, 1, OP.end])
    w.bytes([OP.get, 3]); c32(w, 1); w.bytes([OP.add, OP.set, 5])
    w.bytes([OP.block, VOID, OP.loop, VOID])
    w.bytes([OP.get, 5, OP.get, 4, OP.gtU, OP.brIf, 1])
    load(5)
    w.bytes([OP.eqz, OP.brIf, 1])
    w.bytes([OP.get, 5]); c32(w, 1); w.bytes([OP.add, OP.set, 5, OP.br, 0, OP.end, OP.end])
    // from = max(block << shift, start); to = min(runEnd << shift, end)
    w.bytes([OP.get, 3]); c32(w, BLOCK_SHIFT); w.bytes([OP.shl, OP.tee, 6, OP.get, 0, OP.get, 6, OP.get, 0, OP.gtU, OP.select, OP.set, 6])
    w.bytes([OP.get, 5]); c32(w, BLOCK_SHIFT); w.bytes([OP.shl, OP.tee, 7, OP.get, 1, OP.get, 7, OP.get, 1, OP.ltU, OP.select, OP.set, 7])
    // memory.copy(from, source + from - start, to - from)
    w.bytes([OP.get, 6, OP.get, 2, OP.get, 6, OP.add, OP.get, 0, OP.sub, OP.get, 7, OP.get, 6, OP.sub, OP.prefix, 10, 0, 0])
    w.bytes([OP.get, 5, OP.set, 3, OP.br, 0, OP.end, OP.end])
  })
}

/** restore(staticSource, heapEnd, heapSource, mapBytes): both regions, then the map cleared. */
function restoreBody(layout: TrackLayout, restoreRange: number): Uint8Array {
  return body([], (w) => {
    c32(w, 0); c32(w, layout.staticEnd); w.bytes([OP.get, 0, OP.call]); w.u32(restoreRange)
    c32(w, layout.heapStart); w.bytes([OP.get, 1, OP.get, 2, OP.call]); w.u32(restoreRange)
    c32(w, layout.map); c32(w, 0); w.bytes([OP.get, 3, OP.prefix, 11, 0])
  })
}
