import { Type, type Static } from '@sinclair/typebox';
import { connectionLimitFields } from '../http/guarded-server.js';

const MiB = 1024 * 1024;
const section = { default: {}, additionalProperties: false } as const;

/**
 * The OTLP logs receiver (`input.otlp`): OTLP/HTTP and OTLP/gRPC in front of the same ingest
 * queue as the Fluent Bit input. Loopback by default, like every logsift listener: a gateway
 * deployment sets `host: 0.0.0.0` and a token.
 */
export const OtlpSourceConfigSchema = Type.Object(
  {
    http: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'listen for OTLP/HTTP (protobuf and JSON) in `serve`' }),
        host: Type.String({ default: '127.0.0.1', description: 'listen address' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 4318, description: 'listen port (the OTLP/HTTP default; 0 picks one)' }),
        path: Type.String({ default: '/v1/logs', pattern: '^/', description: 'path of the logs endpoint (`POST` only)' }),
        ...connectionLimitFields('the OTLP exporter'),
      },
      section,
    ),
    grpc: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'listen for OTLP/gRPC (`LogsService/Export`) in `serve`' }),
        host: Type.String({ default: '127.0.0.1', description: 'listen address' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 4317, description: 'listen port (the OTLP/gRPC default; 0 picks one)' }),
        maxConcurrentStreams: Type.Integer({
          minimum: 1,
          default: 16,
          description: 'calls in flight on one connection at most (each may inflate to maxDecompressedBytes); more wait in HTTP/2 flow control',
        }),
      },
      section,
    ),
    auth: Type.Object(
      {
        token: Type.Optional(Type.String({ minLength: 1, description: 'accept `Authorization: Bearer <token>` (else env LOGSIFT_HTTP_TOKEN, as on the Fluent Bit input)' })),
        user: Type.Optional(Type.String({ minLength: 1, description: 'accept Basic auth with this user (else env LOGSIFT_HTTP_USER)' })),
        password: Type.Optional(Type.String({ description: 'password for `user` (else env LOGSIFT_HTTP_PASSWORD)' })),
      },
      { ...section, description: 'no credentials configured: no authentication; otherwise HTTP requests and gRPC calls must present one (401 / UNAUTHENTICATED)' },
    ),
    bodyLimit: Type.Integer({
      minimum: 1024,
      default: 16 * MiB,
      description: 'OTLP/HTTP: bytes of request body as received (compressed or not); more is answered 413. Received bodies share input.http.maxReceivingBytes with the Fluent Bit input',
    }),
    maxDecompressedBytes: Type.Integer({
      minimum: 1024,
      default: 16 * MiB,
      description:
        "bytes a request may inflate to; more is 413 on HTTP, RESOURCE_EXHAUSTED on gRPC (also the gRPC message limit). An OTLP exporter's batch of a few thousand records is far less; a higher limit wants a larger memory.budgetBytes (the inflate budget lets one such request in alone)",
    }),
    maxRecordsPerRequest: Type.Integer({ minimum: 1, default: 250_000, description: 'log records in one request at most; more is 413 / INVALID_ARGUMENT' }),
    maxValuesPerRequest: Type.Integer({
      minimum: 1000,
      default: 2_000_000,
      description: 'protobuf messages (or JSON objects and arrays) in one request at most, checked before decoding; bounds the memory a request of tiny values can take',
    }),
    maxValueDepth: Type.Integer({ minimum: 4, maximum: 30, default: 24, description: 'nesting of kvlist/array values (bodies, attributes) at most; deeper is answered 400 / INVALID_ARGUMENT' }),
    retryAfterSeconds: Type.Integer({ minimum: 1, default: 2, description: '`Retry-After` (and gRPC RetryInfo) when the queue is full (429 / RESOURCE_EXHAUSTED) or logsift is stopping (503 / UNAVAILABLE)' }),
    messageKeys: Type.Array(Type.String({ minLength: 1 }), {
      default: ['log', 'message'],
      minItems: 1,
      description: 'keys of a kvlist body holding the log text, first present wins (Fluent Bit sends the whole record as a kvlist when no `logs_body_key` matches)',
    }),
    maxPodIdentities: Type.Integer({ minimum: 16, default: 10_000, description: 'distinct pod identities remembered for reuse (the pipeline caches per identity object)' }),
  },
  section,
);

export type OtlpSourceConfig = Static<typeof OtlpSourceConfigSchema>;
