import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import { decodeNode, encodeBranch, encodeLeaf, type TreeNode } from './TreeNode.ts'
import { compareKeys, splitIndex } from './keyBits.ts'
import { EMPTY_HASH, bytesEqual, isEmptyHash, toHex } from './treeHash.ts'

/** One key to set (value) or delete (null). Keys are 32 bytes. */
export interface TreeChange {
  readonly key: Uint8Array
  readonly value: Uint8Array | null
}

/** The outcome of a batch: the new root and the nodes to persist with it. */
export interface TreeUpdate {
  readonly root: Uint8Array
  /** Nodes the new root needs that the update created, by hash (hex): commit them with the block. */
  readonly newNodes: Map<string, Uint8Array>
  /**
   * Nodes of the old root that the new root no longer references. Nothing is deleted here: old
   * roots stay readable for snapshot/revert and reorgs. Pruning would record these per block
   * (Jellyfish's stale-node index) and delete them once no retained root can reach them; since
   * nodes are content-addressed, a node may be re-created later (a key set back to an old value),
   * so the pruner must keep a reference count or check `newNodes` of later blocks before deleting.
   */
  readonly staleNodes: string[]
}

const EMPTY = 0
const LEAF = 1
const BRANCH = 2
/** An untouched child: its kind is only looked up if a lift needs it. */
const UNKNOWN = 3

interface Sub {
  readonly hash: Uint8Array
  readonly kind: number
}

interface Item {
  readonly key: Uint8Array
  readonly value: Uint8Array
  /** Set for a leaf already in the tree, reused as is. */
  readonly hash?: Uint8Array
}

const EMPTY_SUB: Sub = { hash: EMPTY_HASH, kind: EMPTY }

/**
 * Apply a batch of changes to the tree at `root`, in one pass over the sorted keys, so a path
 * shared by many keys is read and hashed once. Pure: it reads `store` and returns new nodes;
 * the same (root, store contents, changes) always give the same result. When a key appears
 * more than once, its last change wins. Throws MissingNodeError if the store lacks a node.
 */
export function updateTree(store: NodeStore, root: Uint8Array, changes: readonly TreeChange[]): TreeUpdate {
  const sorted = sortChanges(changes)
  const newNodes = new Map<string, Uint8Array>()
  const stale = new Set<string>()

  const load = (hash: Uint8Array): TreeNode => {
    const hex = toHex(hash)
    const bytes = store.get(hex)
    if (bytes === undefined) throw new MissingNodeError(hex)
    return decodeNode(bytes)
  }

  const write = (node: { hash: Uint8Array; bytes: Uint8Array }): void => {
    newNodes.set(toHex(node.hash), node.bytes)
  }

  // A subtree holding one leaf is that leaf (compact tree): when a side empties, the other side
  // moves up if it is a leaf. Leaf hashes do not depend on depth, so a moved leaf is not rewritten.
  const join = (l: Sub, r: Sub): Sub => {
    const lEmpty = isEmptyHash(l.hash)
    const rEmpty = isEmptyHash(r.hash)
    if (lEmpty && rEmpty) return EMPTY_SUB
    if (lEmpty && kindOf(r) === LEAF) return { hash: r.hash, kind: LEAF }
    if (rEmpty && kindOf(l) === LEAF) return { hash: l.hash, kind: LEAF }
    const node = encodeBranch(l.hash, r.hash)
    write(node)
    return { hash: node.hash, kind: BRANCH }
  }

  const kindOf = (sub: Sub): number => {
    if (sub.kind !== UNKNOWN) return sub.kind
    if (isEmptyHash(sub.hash)) return EMPTY
    return load(sub.hash).kind === 'leaf' ? LEAF : BRANCH
  }

  // Build the subtree at `depth` from leaves alone (below an empty subtree or a leaf).
  const build = (items: Item[], a: number, b: number, depth: number): Sub => {
    if (a === b) return EMPTY_SUB
    if (b - a === 1) {
      const it = items[a]!
      if (it.hash) return { hash: it.hash, kind: LEAF }
      const node = encodeLeaf(it.key, it.value)
      write(node)
      return { hash: node.hash, kind: LEAF }
    }
    const mid = splitIndex(items, a, b, depth)
    return join(build(items, a, mid, depth + 1), build(items, mid, b, depth + 1))
  }

  // Below an empty subtree or a leaf: the inserts in [lo, hi) plus the existing leaf, unless a
  // change to its key replaces or deletes it. Deletes of other keys are no-ops here.
  const rebuild = (lo: number, hi: number, depth: number, existing: (Item & { hash: Uint8Array }) | null): Sub => {
    const items: Item[] = []
    let placed = existing === null
    for (let i = lo; i < hi; i++) {
      const c = sorted[i]!
      if (!placed) {
        const cmp = compareKeys(existing!.key, c.key)
        if (cmp < 0) {
          items.push(existing!)
          placed = true
        } else if (cmp === 0) {
          placed = true
          if (c.value !== null && bytesEqual(c.value, existing!.value)) {
            items.push(existing!)
            continue
          }
          stale.add(toHex(existing!.hash))
        }
      }
      if (c.value !== null) items.push({ key: c.key, value: c.value })
    }
    if (!placed) items.push(existing!)
    return build(items, 0, items.length, depth)
  }

  const update = (hash: Uint8Array, depth: number, lo: number, hi: number): Sub => {
    if (isEmptyHash(hash)) return rebuild(lo, hi, depth, null)
    const node = load(hash)
    if (node.kind === 'leaf') return rebuild(lo, hi, depth, { key: node.key, value: node.value, hash })
    const mid = splitIndex(sorted, lo, hi, depth)
    const l: Sub = lo < mid ? update(node.left, depth + 1, lo, mid) : { hash: node.left, kind: UNKNOWN }
    const r: Sub = mid < hi ? update(node.right, depth + 1, mid, hi) : { hash: node.right, kind: UNKNOWN }
    if (bytesEqual(l.hash, node.left) && bytesEqual(r.hash, node.right)) return { hash, kind: BRANCH }
    stale.add(toHex(hash))
    return join(l, r)
  }

  const result = sorted.length === 0 ? { hash: root } : update(root, 0, 0, sorted.length)
  // A node replaced in one place can be re-created by the same batch (delete and re-add).
  for (const h of newNodes.keys()) stale.delete(h)
  // A copy: the result may be the caller's root or the shared EMPTY_HASH.
  return { root: Uint8Array.from(result.hash), newNodes, staleNodes: [...stale] }
}

/** Validated changes sorted by key, the last change of a repeated key kept. */
function sortChanges(changes: readonly TreeChange[]): TreeChange[] {
  for (const c of changes) {
    if (!(c.key instanceof Uint8Array) || c.key.length !== 32) throw new TypeError('tree keys are 32-byte Uint8Arrays')
    if (c.value !== null && !(c.value instanceof Uint8Array)) throw new TypeError('tree values are Uint8Arrays or null')
  }
  // Array.prototype.sort is stable, so equal keys keep their input order and the last one wins.
  const sorted = [...changes].sort((a, b) => compareKeys(a.key, b.key))
  const out: TreeChange[] = []
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1]
    if (next === undefined || compareKeys(sorted[i]!.key, next.key) !== 0) out.push(sorted[i]!)
  }
  return out
}
