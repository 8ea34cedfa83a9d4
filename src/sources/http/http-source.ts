import type { Component } from '../../component.js';
import type { IngestQueue } from '../../pipeline/ingest-queue.js';
import type { Logger } from '../../telemetry/logger.js';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import type { HttpSourceConfig } from './http-config.js';

export interface HttpSourceDeps {
  config: HttpSourceConfig;
  queue: IngestQueue;
  telemetry: SelfTelemetry;
  logger: Logger;
  /** True while the pipeline cannot take more (sinks saturated); readiness reports it. */
  busy: () => boolean;
}

export interface HttpSource extends Component {
  /** `http://host:port` once listening. */
  readonly address: string | undefined;
}

/** Placeholder until the HTTP ingest issue lands: listens nowhere. */
export function createHttpSource(deps: HttpSourceDeps): HttpSource {
  void deps;
  return {
    name: 'http',
    address: undefined,
    async start() {},
    async flush() {},
    async stop() {},
  };
}
