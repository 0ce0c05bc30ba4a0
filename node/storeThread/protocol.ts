import type { SealOutcome, SealRequest, StoreHead } from '../blocks/sealBlock.ts'
import type { FlatUndo } from '../blocks/undoBlocks.ts'
import type { SparseMerkleProof } from '../state/SparseMerkleProof.ts'
import type { Write } from '../storage/ChainStore.ts'

/**
 * What the node's main thread asks of its store thread (one message each, answered in order
 * for the writes). Reads never wait for writes in progress: each sees the store before or
 * after a block's batch, never part of one.
 */
export type StoreRequest =
  | { readonly op: 'get'; readonly key: Uint8Array }
  | { readonly op: 'getMany'; readonly keys: Uint8Array[] }
  | { readonly op: 'range'; readonly gte: Uint8Array; readonly lt?: Uint8Array; readonly limit: number; readonly reverse: boolean }
  | { readonly op: 'batch'; readonly writes: readonly Write[] }
  /** Seal and commit the next block on the store's head. */
  | { readonly op: 'seal'; readonly request: SealRequest }
  /** Undo the blocks above `height` (dev snapshot/revert). */
  | { readonly op: 'undo'; readonly height: number }
  /** Values and proofs of an account and some of its slots under `root` (a state root, hex). */
  | { readonly op: 'prove'; readonly root: string; readonly address: string; readonly keys: readonly string[] }
  | { readonly op: 'close' }

/** What each request answers. */
export interface StoreAnswers {
  get: Uint8Array | undefined
  getMany: Array<Uint8Array | undefined>
  range: Array<[Uint8Array, Uint8Array]>
  batch: void
  seal: SealOutcome
  undo: { head: StoreHead; undo: FlatUndo[] }
  prove: StoreProof
  close: void
}

/** Proof material for one account and some of its storage slots. */
export interface StoreProof {
  readonly account: { readonly value: Uint8Array | undefined; readonly proof: SparseMerkleProof }
  readonly storage: ReadonlyArray<{ readonly key: string; readonly value: Uint8Array | undefined; readonly proof: SparseMerkleProof }>
}

/** main → store thread */
export interface StoreMessage {
  readonly id: number
  readonly request: StoreRequest
}

/** store thread → main: the answer to message `id`, or why it failed. */
export type StoreReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string } }

/** Sent once by the store thread when its store is open: where the chain's head is. */
export interface StoreReady {
  readonly ready: true
  readonly head: StoreHead | undefined
  readonly treeNodesInCache: boolean
}

/**
 * `bytes` with a buffer of its own. Posting a Uint8Array copies its whole ArrayBuffer, and the
 * node carves small values from shared 32 KiB slabs (codec/newBytes.ts): posting a view of one
 * would copy the slab. Every byte array crossing to the other thread goes through this.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
}

/** `value` with every byte array in it (in plain objects and arrays) given a buffer of its own (ownBytes). */
export function ownAllBytes<T>(value: T): T {
  if (value instanceof Uint8Array) return ownBytes(value) as T
  if (Array.isArray(value)) return value.map(ownAllBytes) as T
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = ownAllBytes(v)
    return out as T
  }
  return value
}
