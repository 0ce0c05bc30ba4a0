/**
 * Chain state under one authenticated root: a binary sparse Merkle tree with compact leaves
 * (LIP-0039 / Jellyfish), the layout of accounts and storage in it, and a read view.
 *
 * - Hashing (treeHash.ts): leaf H(0x00||key||H(value)), branch H(0x01||l||r), empty = 32 zero
 *   bytes; a leaf sits at the shortest prefix that tells it apart. Roots and proofs are those
 *   of the plain binary tree; treeVectors.json pins them.
 * - Storage (TreePage.ts): nodes are stored by hash, immutable, so every old root stays
 *   readable (snapshot/revert, reorgs). Four binary levels are stored as one page (Jellyfish's
 *   16-ary nodes): a read or update touches ~log16(n) pages instead of ~log2(n) nodes.
 * - Purity: updateTree/readTree/proveKey read a synchronous NodeStore and return new nodes;
 *   the caller commits them with the block. missingNodes is the prefetch step for a cache.
 * - Pruning (not done): delete `staleNodes` of blocks older than the oldest root kept, with a
 *   reference count, since content-addressed nodes can come back.
 */
export { emptyRoot, hashBranch, hashLeaf, hashValue, toHex } from './treeHash.ts'
export type { NodeStore } from './NodeStore.ts'
export { MemoryNodeStore } from './MemoryNodeStore.ts'
export { MissingNodeError } from './MissingNodeError.ts'
export { updateTree, type TreeChange, type TreeUpdate } from './updateTree.ts'
export { readTree } from './readTree.ts'
export { proveKey } from './proveKey.ts'
export { verifyProof } from './verifyProof.ts'
export { decodeProof, encodeProof, type SparseMerkleProof } from './SparseMerkleProof.ts'
export { missingNodes } from './missingNodes.ts'
export { accountKey, addressBytes, storageKey } from './stateKeys.ts'
export { decodeAccount, encodeAccount, type Account } from './Account.ts'
export { StateView } from './StateView.ts'
export { applyStateChanges, type StateChanges } from './applyStateChanges.ts'
