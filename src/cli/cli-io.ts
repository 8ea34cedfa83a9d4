import type { Readable } from 'node:stream';

/** The process's streams and environment, passed in so commands run the same under test. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Writes to stdout and resolves once the text is handed to the OS. */
  write(text: string): Promise<void>;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    write: (text) => new Promise<void>((resolve) => {
      if (process.stdout.write(text)) resolve();
      else process.stdout.once('drain', resolve);
    }),
  };
}
