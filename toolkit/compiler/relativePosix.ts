import path from 'node:path'

/** Path of `file` relative to `root`, with forward slashes (stable across machines). */
export function relativePosix(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/')
}
