import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Type } from '@sinclair/typebox';
import { Duration, parseDuration } from '../../config/duration.js';

/**
 * Connection limits of a logsift HTTP listener, one definition for every input that listens:
 * a cap on open connections and the deadlines that close slow or idle ones.
 */
export const connectionLimitFields = (what: string) => ({
  maxConnections: Type.Integer({ minimum: 1, default: 256, description: `open connections at most; more are closed as they arrive (${what} retries)` }),
  headersTimeout: Duration('10s', 'a connection that has not sent its request headers within this is closed (slowloris)'),
  requestTimeout: Duration('60s', 'a request whose body has not arrived within this is answered 408 and closed'),
  keepAliveTimeout: Duration('30s', 'an idle keep-alive connection is closed after this'),
});

export interface ConnectionLimits {
  maxConnections: number;
  headersTimeout: string;
  requestTimeout: string;
  keepAliveTimeout: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What fastify needs for a listener under these limits: its timeouts and a server factory. */
export function guardedServer(limits: ConnectionLimits): {
  keepAliveTimeout: number;
  requestTimeout: number;
  serverFactory: (handler: Handler) => Server;
} {
  const headersTimeout = parseDuration(limits.headersTimeout);
  const requestTimeout = Math.max(parseDuration(limits.requestTimeout), headersTimeout);
  const keepAliveTimeout = parseDuration(limits.keepAliveTimeout);
  return {
    keepAliveTimeout,
    requestTimeout,
    // Node checks header and request deadlines on this interval (30 s by default), so a
    // slowloris connection is closed within about headersTimeout, not up to 30 s after it.
    serverFactory: (handler) => {
      const server = createServer({ headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout) }, handler);
      server.maxConnections = limits.maxConnections;
      return server;
    },
  };
}
