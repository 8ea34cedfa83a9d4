/**
 * The service cannot start (a listener cannot bind): one clear line and exit code 1, so the
 * orchestrator restarts it rather than leaving a process that serves nothing.
 */
export class StartupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

const LISTEN_REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not on this machine',
  EACCES: 'permission denied',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name cannot be resolved now',
  EAI_NONAME: 'unknown host',
};

/** `cannot listen for <what> on host:port: <reason>`. */
export function listenError(what: string, host: string, port: number, err: unknown): StartupError {
  const e = err as NodeJS.ErrnoException;
  const reason = (e.code && LISTEN_REASONS[e.code]) ?? e.message;
  return new StartupError('LOGSIFT_ERR_LISTEN', `cannot listen for ${what} on ${host}:${port}: ${reason}${e.code ? ` (${e.code})` : ''}`);
}
