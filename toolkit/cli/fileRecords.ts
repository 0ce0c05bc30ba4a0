import { readFileSync, statSync, type Stats } from 'node:fs'
import { sha256 } from './sha256.ts'

export { sha256 }

/**
 * Content records of input files, for the caches that decide whether a previous result is still
 * current (the build cache of `toolkit compile`, the compiler fingerprint, the compiled config):
 * a file's sha256, and the stat that vouches for that content, as make and git use a stat.
 *
 * A file whose stat (size, mtime, ctime, inode) is the one recorded is taken to be unchanged
 * without reading it; any other stat means reading and hashing it again, and comparing hashes
 * (a file touched but not changed is then still current, and gets its new stat recorded).
 * Soundness rests on two rules:
 * - the stat is taken before the file is read, never after: an edit made after it (during a
 *   compile) changes the stat, so the next run hashes the file again;
 * - a stat is recorded only when the file's mtime and ctime are at least RACY_MS older than the
 *   recorder (git's "racily clean" entries): a write in the same clock tick as the stat, with the
 *   same size, could otherwise leave mtime and ctime as they were (timestamps are as coarse as a
 *   kernel tick, a second or two seconds on some file systems). A recent file is recorded with
 *   its hash only, and hashed again next time.
 * ctime is in the stat because tools that restore an mtime (`cp -p`, `touch -d`, `rsync -t`)
 * cannot restore it; the inode catches a file replaced by another one (a rename over it).
 *
 * sha256 is ./sha256.ts (@noble/hashes), not node:crypto, whose loading alone would cost a
 * warm run more than its checks.
 */

/** What a cache records of one input file. */
export interface FileRecord {
  /** sha256 (hex) of the content, or 'missing' when the file could not be read. */
  readonly sha256: string
  /** The stat taken before that content was read (statKey), when it may vouch for it. */
  readonly stat?: string
}

/** How old (ms) a file's mtime and ctime must be for its stat to be recorded. */
export const RACY_MS = 3000

const MISSING: FileRecord = Object.freeze({ sha256: 'missing' })

/** The parts of a stat that change when a file is written or replaced. */
export function statKey(s: Stats): string {
  return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`
}

export interface FileRecorder {
  /**
   * The record of `file` as it is now: `previous` itself when its recorded stat is the file's
   * stat (nothing read), else the file read and hashed. The first answer for a file is kept:
   * one stat and at most one read per file and recorder.
   */
  record(file: string, previous?: FileRecord): FileRecord
  /**
   * Read `file` (stat first) and record exactly the bytes read, for a consumer that uses them
   * (a compile). Throws when it cannot be read. Not kept for record().
   */
  read(file: string): { readonly bytes: Buffer; readonly record: FileRecord }
}

/**
 * A recorder for one run of a cache check. `now` (default: the current time, taken before any
 * stat) decides which stats are too recent to record.
 */
export function createFileRecorder(now = Date.now()): FileRecorder {
  const settled = now - RACY_MS
  const records = new Map<string, FileRecord>()
  const recordOf = (s: Stats, bytes: Uint8Array): FileRecord =>
    s.mtimeMs <= settled && s.ctimeMs <= settled ? { sha256: sha256(bytes), stat: statKey(s) } : { sha256: sha256(bytes) }
  return {
    record(file, previous) {
      let r = records.get(file)
      if (r !== undefined) return r
      let s: Stats | undefined
      try {
        s = statSync(file, { throwIfNoEntry: false })
      } catch {
        s = undefined
      }
      if (s === undefined) r = MISSING
      else {
        const key = statKey(s)
        if (previous !== undefined && previous.stat === key && typeof previous.sha256 === 'string') r = previous
        else {
          let bytes: Buffer | undefined
          try {
            bytes = readFileSync(file)
          } catch {
            bytes = undefined
          }
          r = bytes === undefined ? MISSING : recordOf(s, bytes)
        }
      }
      records.set(file, r)
      return r
    },
    read(file) {
      const s = statSync(file)
      const bytes = readFileSync(file)
      return { bytes, record: recordOf(s, bytes) }
    },
  }
}
