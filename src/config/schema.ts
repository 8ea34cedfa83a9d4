import { Type, type Static } from '@sinclair/typebox';
import { PipelineConfigSchema } from '../pipeline/pipeline-config.js';
import { HttpSourceConfigSchema } from '../sources/http/http-config.js';
import { OtlpSourceConfigSchema } from '../sources/otlp/otlp-config.js';
import { ExportConfigSchema } from '../sinks/export-config.js';
import { DecompressionConfigSchema } from '../sources/inflate-budget-config.js';
import { StorageConfigSchema } from '../storage/storage-config.js';
import { Duration } from './duration.js';
import { ReloadConfigSchema } from '../service/reload/reload-config.js';
import { MemoryConfigSchema } from '../runtime/memory-config.js';

/**
 * The whole configuration. Each component owns its section's schema (next to its code); this
 * file only assembles them. Every nested object has `default: {}` so Ajv's useDefaults fills
 * inner defaults even when a section is absent.
 */
export const ConfigSchema = Type.Object(
  {
    log: Type.Object(
      {
        level: Type.Union(
          ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info', description: "logsift's own log level (pino), written to stderr" },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    identity: Type.Object(
      {
        namespace: Type.Optional(Type.String({ description: 'pod namespace for input that carries none (else POD_NAMESPACE)' })),
        pod: Type.Optional(Type.String({ description: 'pod name for input that carries none (else POD_NAME)' })),
        container: Type.Optional(Type.String({ description: 'container name for input that carries none (else LOGSIFT_CONTAINER_NAME)' })),
      },
      { default: {}, additionalProperties: false, description: 'pod identity for stdin and files without one' },
    ),
    pipeline: PipelineConfigSchema,
    input: Type.Object(
      {
        stdin: Type.Object(
          {
            enabled: Type.Union([Type.Literal('auto'), Type.Boolean()], {
              default: 'auto',
              description: '`auto` reads stdin in `serve` when it is not a terminal',
            }),
          },
          { default: {}, additionalProperties: false },
        ),
        http: HttpSourceConfigSchema,
        otlp: OtlpSourceConfigSchema,
        decompression: DecompressionConfigSchema,
      },
      { default: {}, additionalProperties: false },
    ),
    export: ExportConfigSchema,
    storage: StorageConfigSchema,
    shutdown: Type.Object(
      { deadline: Duration('10s', 'how long SIGTERM may take to drain queues and flush exports') },
      { default: {}, additionalProperties: false },
    ),
    reload: ReloadConfigSchema,
    memory: MemoryConfigSchema,
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
