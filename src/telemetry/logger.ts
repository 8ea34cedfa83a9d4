import { pino, type Logger } from 'pino';

export type { Logger };

/** logsift's own logs go to stderr so stdout stays free for records (`tag`, stdout sink). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'logsift' } }, pino.destination({ fd: 2, sync: false }));
}
