/**
 * Text edits on the original source: insertions and single-token replacements, applied in one
 * pass. The instrumenter never inserts a line terminator and never removes one, so every line
 * of the output is the same line of the input.
 */
export interface Edit {
  /** Where the edit applies, as an offset into the source. */
  offset: number
  /** For a replacement, the end of the replaced range; for an insertion, `offset`. */
  end: number
  /** At one offset: closing text (`)`, `}`), then opening text, then a replacement (see applyEdits). */
  rank: EditRank
  /** Creation order. Edits for a node are created before those for the nodes inside it. */
  seq: number
  text: () => string
}

export const enum EditRank {
  Close = 0,
  Open = 1,
  Replace = 2,
}

/** Collects edits in creation order. */
export class EditList {
  readonly edits: Edit[] = []

  open(offset: number, text: string | (() => string)): void {
    this.add(offset, offset, EditRank.Open, text)
  }

  close(offset: number, text: string): void {
    this.add(offset, offset, EditRank.Close, text)
  }

  replace(offset: number, end: number, text: string): void {
    this.add(offset, end, EditRank.Replace, text)
  }

  private add(offset: number, end: number, rank: EditRank, text: string | (() => string)): void {
    this.edits.push({ offset, end, rank, seq: this.edits.length, text: typeof text === 'string' ? () => text : text })
  }
}

/**
 * Applies the edits. At one offset, text closing a node goes before text opening the next;
 * among closings the innermost (created last) goes first, among openings the outermost. A
 * replaced token comes last: text opening at its offset belongs to a node that starts with it.
 */
export function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.rank - b.rank || (a.rank === EditRank.Close ? b.seq - a.seq : a.seq - b.seq))
  const parts: string[] = []
  let copied = 0
  for (const edit of sorted) {
    if (edit.offset < copied) throw new Error(`instrument: overlapping edits at offset ${edit.offset}`)
    parts.push(source.slice(copied, edit.offset), edit.text())
    copied = edit.end
  }
  parts.push(source.slice(copied))
  return parts.join('')
}

/**
 * Skips what may sit between two tokens of an expression: whitespace, line breaks, comments
 * (including the HTML-like `<!--` and line-initial `-->` that scripts allow) and parentheses.
 * Returns the offset of the next other character and the parentheses passed. `from` must be
 * the end or the start of a token. Stops at `to` (exclusive) if given.
 */
export function skipTrivia(source: string, from: number, to: number = source.length): { next: number; parens: number[] } {
  const parens: number[] = []
  // `-->` opens a comment only when a line break separates it from the previous token.
  let lineBreakSinceToken = false
  let i = from
  while (i < to) {
    const c = source.charCodeAt(i)
    if (c === 0x28 /* ( */ || c === 0x29 /* ) */) {
      parens.push(i)
      lineBreakSinceToken = false
      i++
    } else if (isLineTerminator(c)) {
      lineBreakSinceToken = true
      i++
    } else if (WHITESPACE.test(source[i]!)) {
      i++
    } else if (source.startsWith('//', i) || source.startsWith('<!--', i) || (lineBreakSinceToken && source.startsWith('-->', i))) {
      while (i < to && !isLineTerminator(source.charCodeAt(i))) i++
    } else if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2)
      const end = close < 0 ? to : close + 2
      for (let j = i; j < end; j++) if (isLineTerminator(source.charCodeAt(j))) lineBreakSinceToken = true
      i = end
    } else {
      break
    }
  }
  return { next: Math.min(i, to), parens }
}

/** The offset of `token`, the next thing after `from` besides trivia; anything else there is a host bug. */
export function expectToken(source: string, from: number, token: string): number {
  const { next } = skipTrivia(source, from)
  if (!source.startsWith(token, next)) throw new Error(`instrument: expected ${token} at offset ${next}`)
  return next
}

// acorn's whitespace set, spelled out so the host's Unicode tables cannot change it.
const WHITESPACE = /[\t\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]/

function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029
}
