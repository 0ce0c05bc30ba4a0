/**
 * Chain state under one authenticated root: a binary sparse Merkle tree with compact leaves
 * (LIP-0039 / Jellyfish), the layout of accounts and storage in it, and a read view.
 */
export { EMPTY_HASH, hashBranch, hashLeaf, hashValue, toHex } from './treeHash.ts'
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
