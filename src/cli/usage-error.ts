/** A mistake in how logsift was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  readonly code = 'LOGSIFT_ERR_USAGE';
}
