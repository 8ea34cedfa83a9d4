import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../config/duration.js';

const MiB = 1024 * 1024;

export const StorageConfigSchema = Type.Object(
  {
    path: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'directory for state that outlives a restart: the OTLP log export spool and the per-pod state checkpoint. Unset: nothing is kept on disk (queued log records are lost at shutdown and counted)',
      }),
    ),
    spool: Type.Object(
      {
        maxBytes: Type.Integer({ minimum: MiB, default: 256 * MiB, description: 'bytes the export spool may hold on disk; past it inputs are pushed back as when the export queue is full' }),
        segmentBytes: Type.Integer({ minimum: 64 * 1024, default: 8 * MiB, description: 'spool segment size; a segment is deleted once every record in it is delivered' }),
        syncInterval: Duration('200ms', 'queued log records are written to the spool and fsynced at most this long after they were queued'),
      },
      { default: {}, additionalProperties: false },
    ),
    checkpointInterval: Duration('60s', 'per-pod state (totals, windows, active loops) is also written this often, not only at shutdown'),
  },
  { default: {}, additionalProperties: false, description: 'on-disk state (an emptyDir in the Kubernetes manifests)' },
);

export type StorageConfig = Static<typeof StorageConfigSchema>;
