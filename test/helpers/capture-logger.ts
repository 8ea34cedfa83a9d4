import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A pino logger whose lines the test can read (parsed). */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** Polls `cond` every `stepMs`, at most `maxSteps` times; resolves whether it became true. */
export async function waitFor(cond: () => boolean, maxSteps = 1000, stepMs = 10): Promise<boolean> {
  for (let i = 0; i < maxSteps; i++) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}
