import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Set in the relaunched process, so it never relaunches again. */
export const RELAUNCHED_ENV = 'LOGSIFT_HEAP_SIZED';

const HEAP_FLAG = /(?:^|\s)--max[-_](?:old|semi)[-_]space[-_]size(?:[=\s]|$)/;

/**
 * The node flags `serve` must start again with so the main thread's heap fits the budget, or
 * undefined when it already runs with them: the operator gave heap flags (node options, as the
 * DaemonSet's NODE_OPTIONS does: theirs win) or this is the relaunched process. V8 takes heap
 * sizes only when an isolate is created, so the main thread cannot shrink its own later.
 */
export function heapRelaunchFlags(flags: string[], execArgv: readonly string[], env: Record<string, string | undefined>): string[] | undefined {
  if (env[RELAUNCHED_ENV] === '1') return undefined;
  if (execArgv.some((a) => HEAP_FLAG.test(a)) || HEAP_FLAG.test(env.NODE_OPTIONS ?? '')) return undefined;
  return flags;
}

type Execve = (file: string, args: string[], env: Record<string, string | undefined>) => never;

/**
 * Runs this command again with `flags` before the script, and resolves with its exit code.
 * Where Node has process.execve (22.15+), the process image is replaced: same pid (PID 1 in a
 * container), no second process. Otherwise a child takes over the terminal's stdio; SIGTERM,
 * SIGINT and SIGHUP sent to this process are passed on to it once. The child has its own
 * process group, so a Ctrl-C in a terminal reaches it once (through here) and its first signal
 * still drains; it stays in ours when it reads a terminal's stdin (a background group could not).
 * This process holds ~9 MiB of its own meanwhile (its code pages are the child's). Killed
 * (SIGKILL, which cannot be passed on), it takes the child with it: see followLauncher.
 */
export function relaunch(flags: string[], readsTerminal: boolean): Promise<number> {
  const args = [...flags, ...process.execArgv, ...process.argv.slice(1)];
  const env = { ...process.env, [RELAUNCHED_ENV]: '1' };
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (typeof execve === 'function') execve(process.execPath, [process.execPath, ...args], env);
  return new Promise((resolve) => {
    // The IPC channel only tells the child when this process is gone (followLauncher).
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env, detached: !readsTerminal });
    child.channel?.unref();
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const s of signals) process.on(s, forward);
    const done = (code: number) => {
      for (const s of signals) process.off(s, forward);
      resolve(code);
    };
    child.once('error', () => done(1));
    child.once('exit', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/**
 * In a process `relaunch` spawned: when the launcher is gone (its IPC channel closes), end as it
 * ended, at once, so a supervisor's SIGKILL never leaves an orphan holding the port and the spool.
 */
export function followLauncher(env: Record<string, string | undefined> = process.env): void {
  if (env[RELAUNCHED_ENV] !== '1' || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
