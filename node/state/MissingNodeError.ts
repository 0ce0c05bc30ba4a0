/**
 * A node a root refers to is not in the store: either not loaded into the cache yet (load it
 * and retry; every tree function is pure, so a retry is safe) or the store is corrupt / pruned.
 */
export class MissingNodeError extends Error {
  override readonly name = 'MissingNodeError'
  constructor(readonly hash: string) {
    super(`tree node ${hash} is not in the store`)
  }
}
