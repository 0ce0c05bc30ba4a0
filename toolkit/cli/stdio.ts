import { writeSync } from 'node:fs'
import type { ContextIo } from './CommandContext.ts'

type StreamName = 'stdout' | 'stderr'

const created = { stdout: false, stderr: false }
let watching = false

/**
 * Note when process.stdout / process.stderr is created: their getters create the stream on
 * first use, and are wrapped here to record it. Before this runs, a stream may already exist
 * unnoticed; so it runs when the launcher starts the CLI, before anything in it prints.
 */
function watchStreams(): void {
  if (watching) return
  watching = true
  for (const name of ['stdout', 'stderr'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, name)
    const get = descriptor?.get
    if (get === undefined || descriptor?.configurable !== true) {
      created[name] = true // not the lazy getter we know: always use the stream
      continue
    }
    Object.defineProperty(process, name, {
      ...descriptor,
      get() {
        created[name] = true
        return get.call(process)
      },
    })
  }
}

/**
 * The output of the `toolkit` process (bin/toolkit.mjs, on the main thread: a worker's
 * process.stdout is not its fd 1): written to file descriptors 1 and 2 with
 * fs.writeSync while process.stdout / process.stderr do not exist, so that a command printing a
 * line does not create them (Node then loads the net, tty and stream modules: ~2 ms of a warm
 * `toolkit compile`). Once a stream exists (anything used it, a deploy script's console.log, a
 * REPL), everything goes through it, after what it may still hold. A write the descriptor does
 * not take whole (a full non-blocking pipe: EAGAIN), or fails, goes to the stream, which
 * reports errors as it always did; so do all writes after it.
 */
export function createStdio(): ContextIo {
  watchStreams()
  const writer = (fd: 1 | 2, name: StreamName) => (text: string) => {
    if (!created[name]) {
      const bytes = Buffer.from(text, 'utf8')
      let written = 0
      try {
        while (written < bytes.length) {
          const n = writeSync(fd, bytes, written)
          if (n <= 0) throw new Error('no progress')
          written += n
        }
        return
      } catch {
        process[name].write(bytes.subarray(written))
        return
      }
    }
    process[name].write(text)
  }
  return { stdout: writer(1, 'stdout'), stderr: writer(2, 'stderr') }
}
