/** Why a request was refused; `reason` is the `logsift.input.rejected_requests` attribute. */
export type RejectReason =
  | 'unauthorized'
  | 'forbidden'
  | 'too_large'
  | 'unsupported_media'
  | 'malformed'
  | 'busy'
  | 'shutting_down'
  | 'not_found';

/**
 * A request that can never succeed as sent (4xx; Fluent Bit drops the batch) or not now (503;
 * Fluent Bit retries). Carries the HTTP status so the wiring needs no mapping table.
 */
export class HttpInputError extends Error {
  constructor(
    readonly status: number,
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'HttpInputError';
  }
}

export function tooLarge(message: string): HttpInputError {
  return new HttpInputError(413, 'too_large', message);
}

export function malformed(message: string): HttpInputError {
  return new HttpInputError(400, 'malformed', message);
}

export function unsupported(message: string): HttpInputError {
  return new HttpInputError(415, 'unsupported_media', message);
}

export function queueFull(): HttpInputError {
  return new HttpInputError(503, 'busy', 'ingest queue is full');
}

export function shuttingDown(): HttpInputError {
  return new HttpInputError(503, 'shutting_down', 'logsift is shutting down');
}
