/**
 * Bytes of request bodies being received at once, across the connections of one listener:
 * fastify buffers each body whole before the handler runs, so without a bound N connections
 * could hold N times the body limit before the queue is ever asked. A request reserves its
 * declared size (Content-Length, else the body limit) before its body is read and gives it back
 * when its response closes; one that does not fit is refused (503, retried). A request is always
 * admitted when nothing else is being received, so a body as large as the limit still gets in.
 */
export class ReceivingBudget {
  private used = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes reserved now. */
  get bytes(): number {
    return this.used;
  }

  /** Reserves `bytes`, or refuses (false) when they do not fit beside what others hold. */
  tryReserve(bytes: number): boolean {
    if (this.used > 0 && this.used + bytes > this.maxBytes) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** What a request reserves: its Content-Length (at most the body limit), else the body limit. */
export function declaredBodyBytes(contentLength: string | undefined, bodyLimit: number): number {
  if (contentLength === undefined) return bodyLimit;
  const n = Number(contentLength);
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, bodyLimit) : bodyLimit;
}
