import type { Readable } from 'node:stream';
import { OutputWriter } from './output-writer.js';

/** The process's streams and environment, passed in so commands run the same under test. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Every write to stdout goes through this, so the process lives until its output is out. */
  out: OutputWriter;
  /** Writes to stdout and resolves once everything written so far is handed to the OS. */
  write(text: string): Promise<void>;
}

export function processIo(): CliIo {
  const out = new OutputWriter(process.stdout);
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    out,
    write: (text) => {
      out.write(text);
      return out.finish();
    },
  };
}
