import { spawn } from 'node:child_process'

/** Run each shell command in turn in `cwd` (output passed through); resolves with the exit codes. */
export async function runCommands(commands: readonly string[], cwd: string, onDone: (command: string, code: number | null) => void): Promise<void> {
  for (const command of commands) {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'inherit', 'inherit'] })
      child.on('error', () => resolve(null))
      child.on('close', (c) => resolve(c))
    })
    onDone(command, code)
  }
}
