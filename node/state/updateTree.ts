import { MissingNodeError } from './MissingNodeError.ts'
import type { NodeStore } from './NodeStore.ts'
import { EMPTY_HEX, LEAF_TAG, asBuffer, decodeLeaf, encodeLeaf, nibbleAt } from './TreeNode.ts'
import { BRANCH, EMPTY, EMPTY_SUB, LEAF, TreePage, type Sub } from './TreePage.ts'
import { compareKeys } from './keyBits.ts'
import { toHex } from './treeHash.ts'

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

/** A leaf for `build`: already in the tree (hash), new and encoded (hash, bytes) or new (value). */
interface Item {
  readonly key: Uint8Array
  readonly hash?: string
  readonly bytes?: Uint8Array
  readonly value?: Uint8Array
}

/**
 * Apply a batch of changes to the tree at `root`, in one pass over the sorted keys, so a path
 * shared by many keys is read and hashed once. Pure: it reads `store` and returns new nodes;
 * the same (root, store contents, changes) always give the same result. When a key appears
 * more than once, its last change wins. Throws MissingNodeError if the store lacks a node.
 * Only pages on the changed keys' paths are read (never a leaf, except a root that is one).
 */
export function updateTree(store: NodeStore, root: Uint8Array, changes: readonly TreeChange[]): TreeUpdate {
  if (!(root instanceof Uint8Array) || root.length !== 32) throw new TypeError('a tree root is a 32-byte Uint8Array')
  const u = new Update(store, sortChanges(changes))
  const rootHex = toHex(root)
  const n = u.sorted.length
  const result = n === 0 ? rootHex : rootHex === EMPTY_HEX ? u.rebuild(0, n, 0, null).hash : u.update(rootHex, 0, 0, n).hash
  // Safety net: a hash this batch writes is not stale, whatever it replaced.
  const staleNodes = u.stale.filter((h) => !u.newNodes.has(h))
  return { root: new Uint8Array(Buffer.from(result, 'hex')), newNodes: u.newNodes, staleNodes }
}

/**
 * One batch in progress. A class rather than closures inside updateTree: the methods exist
 * once, so a call creates no functions (under tsx's keepNames each closure made per call was
 * also renamed per call, ~5% of an update).
 */
class Update {
  readonly newNodes = new Map<string, Uint8Array>()
  readonly stale: string[] = []
  constructor(
    private readonly store: NodeStore,
    readonly sorted: readonly TreeChange[],
  ) {}

  // One workspace per page level: the recursion holds at most one page per level at a time.
  // Shared by every call (updateTree is synchronous and never re-entered): a workspace is a few
  // KiB to allocate and zero, and a block's update would otherwise make several.
  private pageAt(depth: number): TreePage {
    return (WORKSPACES[depth >> 2] ??= new TreePage())
  }

  private load(hash: string): Buffer {
    const bytes = this.store.get(hash)
    if (bytes === undefined) throw new MissingNodeError(hash)
    return asBuffer(bytes)
  }

  private newLeaf(key: Uint8Array, value: Uint8Array): Sub {
    const node = encodeLeaf(key, value)
    this.newNodes.set(node.hash, node.bytes)
    return { hash: node.hash, kind: LEAF, key }
  }

  // A rehashed page: gone if it holds fewer than two leaves (the lone leaf moves up), else written.
  private finish(page: TreePage): Sub {
    const sub = page.rehash()
    if (sub.kind === BRANCH) this.newNodes.set(sub.hash, page.encode())
    return sub
  }

  // The subtree at `depth` (a multiple of 4) holding exactly items[a, b), sorted.
  private build(items: Item[], a: number, b: number, depth: number): Sub {
    if (a === b) return EMPTY_SUB
    if (b - a === 1) {
      const it = items[a]!
      if (it.hash === undefined) return this.newLeaf(it.key, it.value!)
      if (it.bytes !== undefined) this.newNodes.set(it.hash, it.bytes)
      return { hash: it.hash, kind: LEAF, key: it.key }
    }
    const page = this.pageAt(depth)
    page.reset()
    for (let i = a; i < b; ) {
      const n = nibbleAt(items[i]!.key, depth)
      let j = i + 1
      while (j < b && nibbleAt(items[j]!.key, depth) === n) j++
      page.setSlot(n, this.build(items, i, j, depth + 4))
      i = j
    }
    return this.finish(page)
  }

  // Below an empty subtree or a leaf: the inserts in [lo, hi) plus the existing leaf, unless a
  // change to its key replaces or deletes it. Deletes of other keys are no-ops here.
  rebuild(lo: number, hi: number, depth: number, existing: { key: Uint8Array; hash: string } | null): Sub {
    const sorted = this.sorted
    if (existing === null && hi - lo === 1) {
      const c = sorted[lo]!
      return c.value === null ? EMPTY_SUB : this.newLeaf(c.key, c.value)
    }
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
          if (c.value !== null) {
            // Same key: keep the existing leaf if the value is unchanged (same hash).
            const node = encodeLeaf(c.key, c.value)
            if (node.hash === existing!.hash) {
              items.push(existing!)
              continue
            }
            items.push({ key: c.key, hash: node.hash, bytes: node.bytes })
          }
          this.stale.push(existing!.hash)
          continue
        }
      }
      if (c.value !== null) items.push({ key: c.key, value: c.value })
    }
    if (!placed) items.push(existing!)
    return this.build(items, 0, items.length, depth)
  }

  // The page or leaf `hash` at `depth` (a multiple of 4) with the changes sorted[lo, hi) applied.
  update(hash: string, depth: number, lo: number, hi: number): Sub {
    const sorted = this.sorted
    const bytes = this.load(hash)
    if (bytes[0] === LEAF_TAG) return this.rebuild(lo, hi, depth, { key: decodeLeaf(bytes).key, hash })
    const page = this.pageAt(depth)
    page.load(bytes, hash)
    let changed = false
    for (let i = lo; i < hi; ) {
      const n = nibbleAt(sorted[i]!.key, depth)
      let j = i + 1
      while (j < hi && nibbleAt(sorted[j]!.key, depth) === n) j++
      const p = 16 + n
      const kind = page.kinds[p]
      const before = page.hexAt(p)
      const sub =
        kind === EMPTY ? this.rebuild(i, j, depth + 4, null) : kind === LEAF ? this.rebuild(i, j, depth + 4, { key: page.leafKey(n), hash: before }) : this.update(before, depth + 4, i, j)
      if (sub.hash !== before) {
        page.setSlot(n, sub)
        changed = true
      }
      i = j
    }
    if (!changed) return { hash, kind: BRANCH }
    this.stale.push(hash)
    return this.finish(page)
  }
}

/** Validated changes sorted by key, the last change of a repeated key kept. */
const WORKSPACES: TreePage[] = []

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
