import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../config/duration.js';

const section = { default: {}, additionalProperties: false } as const;

export const PipelineConfigSchema = Type.Object(
  {
    maxLineBytes: Type.Integer({ minimum: 256, default: 262_144, description: 'longer lines are truncated to this many characters, whatever the input (file, stdin, HTTP), marked `logsift.truncated` and counted; never dropped' }),
    workers: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 0, maximum: 64 })], {
      default: 'auto',
      description:
        'pipeline worker threads, each owning the pods routed to it; 0 runs the pipeline on the main thread. auto: as many as the CPU quota allows (cgroup cpu.max, at least 1), and in serve no more than memory.budgetBytes affords (about 104 MiB each: 2 for 512 MiB); analyze and tag run small inputs on the main thread',
    }),
    queue: Type.Object(
      {
        maxRecords: Type.Integer({ minimum: 100, default: 200_000, description: 'ingest queue capacity in lines' }),
        maxBytes: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 65_536 })], {
          default: 'auto',
          description:
            "ingest queue capacity in bytes of memory: the lines' text plus about 96 bytes per entry (a Fluent Bit msgpack body is queued as it came). auto: a share of memory.budgetBytes (half of what the heaps leave, at least 16 MiB, at most 64 MiB: 24 MiB of 512 with 2 workers)",
        }),
        lowWatermark: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.5, description: 'fraction of capacity at which paused inputs resume' }),
      },
      section,
    ),
    multiline: Type.Object(
      {
        maxLines: Type.Integer({ minimum: 1, default: 500, description: 'lines in one multi-line group at most' }),
        maxBytes: Type.Integer({ minimum: 1024, default: 262_144, description: 'bytes in one multi-line group at most' }),
        flushAfter: Duration('1s', 'a pending group is emitted after this long with no new line'),
        maxStreams: Type.Integer({ minimum: 1, default: 10_000, description: 'streams with a pending group at most' }),
      },
      section,
    ),
    templates: Type.Object(
      { maxTemplates: Type.Integer({ minimum: 100, default: 20_000, description: 'message shapes, and templates, remembered (each LRU)' }) },
      section,
    ),
    classify: Type.Object(
      {
        rulesDir: Type.Optional(Type.String({ description: 'directory of rule packs (*.yaml); default: the packs shipped in config/rules' })),
        extraRulesDirs: Type.Array(Type.String(), { default: [], description: 'more rule packs, loaded after rulesDir' }),
        repeatWindow: Duration('1m', 'window for the per-template repetition rate'),
        repeatThreshold: Type.Integer({ minimum: 1, default: 120, description: 'repeats per repeatWindow past which a WARN-or-lower template is noise' }),
        chatterWithin: Duration('10m', 'a template no rule decides that comes again within this long, below WARN and with no word of failure or lifecycle, is noise (routine chatter)'),
      },
      section,
    ),
    windows: Type.Array(Duration('1m', 'sliding window'), {
      default: ['1m', '5m', '15m'],
      minItems: 1,
      maxItems: 6,
      description: 'sliding windows for per-pod lifecycle counts',
    }),
    restartLoop: Type.Object(
      {
        window: Duration('5m', 'window in which lifecycle events must repeat'),
        minRestarts: Type.Integer({ minimum: 1, default: 3, description: 'restarts (boots after a timeout/kill/oom/exit/crash, back-offs, new container instances) that declare a loop' }),
        quietPeriod: Duration('10m', 'a loop clears after this long with no failure event'),
      },
      section,
    ),
    pods: Type.Object(
      {
        maxPods: Type.Integer({ minimum: 1, default: 1000, description: 'tracked pods at most; the idlest is evicted past it' }),
        idleTimeout: Duration('30m', 'pods with no record for this long are forgotten'),
      },
      section,
    ),
  },
  section,
);

export type PipelineConfig = Static<typeof PipelineConfigSchema>;
