import type { CommandContext } from '../CommandContext.ts'

/**
 * Resolves once Ctrl-C (SIGINT) or SIGTERM arrived and `close` finished: prints `message`,
 * runs `close` once (a second signal does nothing more), and reports a failure to close as a
 * warning, so the command still ends (exit code 0). For the long-running commands (`node`, `dev`).
 */
export function untilStopped(ctx: CommandContext, message: string, close: () => Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      ctx.log(message)
      void close().then(
        () => resolve(),
        (error: unknown) => {
          ctx.warn(`error while stopping: ${(error as Error).message}`)
          resolve()
        },
      )
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
