import { Type, type Static } from '@sinclair/typebox';
import { connectionLimitFields } from './guarded-server.js';

const MiB = 1024 * 1024;

/**
 * Limits sit far above what Fluent Bit sends: one request carries one chunk (about 2 MB of
 * msgpack), and its JSON formats can grow that up to six times (`\uXXXX` escapes). Fluent Bit
 * drops a batch answered 413 instead of splitting it, so a tight limit would lose data.
 */
export const HttpSourceConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'listen for Fluent Bit http output in `serve`' }),
    host: Type.String({ default: '127.0.0.1', description: 'listen address (a sidecar needs only loopback)' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 9880, description: 'listen port (0 picks one)' }),
    path: Type.String({
      default: '/',
      pattern: '^/',
      description: "ingest path for POST and PUT (Fluent Bit's `uri` defaults to `/`); the query string is ignored except for text/plain identity",
    }),
    auth: Type.Object(
      {
        token: Type.Optional(Type.String({ minLength: 1, description: 'accept `Authorization: Bearer <token>` (else env LOGSIFT_HTTP_TOKEN)' })),
        user: Type.Optional(Type.String({ minLength: 1, description: 'accept Basic auth with this user (Fluent Bit `http_User`; else env LOGSIFT_HTTP_USER)' })),
        password: Type.Optional(Type.String({ description: 'password for `user` (Fluent Bit `http_Passwd`; else env LOGSIFT_HTTP_PASSWORD)' })),
      },
      { default: {}, additionalProperties: false, description: 'no credentials configured: no authentication; otherwise a request must present one of them (401 if not)' },
    ),
    bodyLimit: Type.Integer({
      minimum: 1024,
      default: 16 * MiB,
      description: 'bytes of request body as received (compressed or not); more is answered 413. Fluent Bit posts one chunk (about 2 MB of msgpack, its json formats up to six times that) per request',
    }),
    maxDecompressedBytes: Type.Integer({
      minimum: 1024,
      default: 16 * MiB,
      description: 'bytes a compressed body may inflate to; more is answered 413 without inflating further (gzip bombs)',
    }),
    maxReceivingBytes: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 1024 })], {
      default: 'auto',
      description:
        'bytes of request bodies being received at once, over all connections and the OTLP/HTTP input (each counts its Content-Length, else bodyLimit); a request that does not fit is answered 503 before its body is read (one is always let in). auto: a share of memory.budgetBytes (a quarter of what the heaps leave, at least two bodyLimits, at most 64 MiB: 32 MiB of 512 with 2 workers)',
    }),
    maxRecordsPerRequest: Type.Integer({ minimum: 1, default: 250_000, description: 'records in one request at most; more is answered 413' }),
    retryAfterSeconds: Type.Integer({ minimum: 1, default: 2, description: '`Retry-After` on 503 (Fluent Bit ignores it and uses its scheduler; curl and scripts can honour it)' }),
    tagHeader: Type.String({ default: 'X-Fluent-Tag', description: 'header carrying the tag (Fluent Bit `Header_Tag`); a kubelet file-name tag gives the pod identity' }),
    messageKeys: Type.Array(Type.String({ minLength: 1 }), {
      default: ['log', 'message', 'msg'],
      minItems: 1,
      description: 'record keys holding the log text, first present wins (gelf uses short_message)',
    }),
    dateKeys: Type.Array(Type.String({ minLength: 1 }), {
      default: ['date', 'ts', 'time', '@timestamp', 'timestamp'],
      minItems: 1,
      description: 'record keys holding the record time (Fluent Bit `Json_Date_Key`), first present wins; seconds, ms, us, ns, ISO 8601 or java_sql_timestamp',
    }),
    ...connectionLimitFields('Fluent Bit'),
    maxPodIdentities: Type.Integer({ minimum: 16, default: 10_000, description: 'distinct pod identities remembered for reuse (the pipeline caches per identity object)' }),
  },
  { default: {}, additionalProperties: false },
);

export type HttpSourceConfig = Static<typeof HttpSourceConfigSchema>;
