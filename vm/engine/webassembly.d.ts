// The WebAssembly API Node provides; @types/node 20 does not declare it (and lib "dom" would
// bring browser globals into server code). Only what vm/engine uses.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource)
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number })
    readonly buffer: ArrayBuffer
    grow(delta: number): number
  }
  class Instance {
    constructor(module: Module, imports?: Imports)
    readonly exports: Record<string, unknown>
  }
  type Imports = Record<string, Record<string, unknown>>
  function compile(bytes: BufferSource): Promise<Module>
}
type BufferSource = ArrayBufferView | ArrayBuffer
