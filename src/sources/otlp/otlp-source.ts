import type { Component } from '../../component.js';
import type { IngestQueue } from '../../pipeline/ingest-queue.js';
import type { Logger } from '../../telemetry/logger.js';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import type { OtlpSourceConfig } from './otlp-config.js';
import { OtlpGrpcReceiver } from './otlp-grpc-receiver.js';
import { OtlpHttpReceiver } from './otlp-http-receiver.js';
import { OtlpIntake } from './otlp-intake.js';
import type { ReceivingBudget } from '../http/receiving-budget.js';

export interface OtlpSourceDeps {
  config: OtlpSourceConfig;
  queue: IngestQueue;
  telemetry: SelfTelemetry;
  logger: Logger;
  /** Where LOGSIFT_HTTP_TOKEN / _USER / _PASSWORD are read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** OTLP/HTTP bodies being received at once, shared with the Fluent Bit input (none: unbounded but by connections). */
  receiving?: ReceivingBudget;
}

/**
 * The OTLP logs receiver (`input.otlp`): OTLP/HTTP and OTLP/gRPC front doors to the same ingest
 * queue, backpressure and pipeline as the Fluent Bit input. Either transport can be disabled.
 */
export class OtlpSource implements Component {
  readonly name = 'otlp';
  private readonly intake: OtlpIntake;
  private readonly http?: OtlpHttpReceiver;
  private readonly grpc?: OtlpGrpcReceiver;

  constructor(deps: OtlpSourceDeps) {
    const c = deps.config;
    this.intake = new OtlpIntake({ config: c, queue: deps.queue, telemetry: deps.telemetry, env: deps.env });
    if (c.http.enabled) this.http = new OtlpHttpReceiver(c, this.intake, deps.logger, deps.receiving);
    if (c.grpc.enabled) this.grpc = new OtlpGrpcReceiver(c, this.intake, deps.logger);
  }

  /** True when at least one transport is enabled. */
  get enabled(): boolean {
    return this.http !== undefined || this.grpc !== undefined;
  }

  /** `http://host:port` of OTLP/HTTP once listening. */
  get httpAddress(): string | undefined {
    return this.http?.address;
  }

  /** `host:port` of OTLP/gRPC once listening. */
  get grpcAddress(): string | undefined {
    return this.grpc?.address;
  }

  async start(): Promise<void> {
    try {
      await this.http?.start();
      await this.grpc?.start();
    } catch (err) {
      // A port in use must not leave the other transport listening.
      await this.stop();
      throw err;
    }
  }

  async flush(): Promise<void> {}

  /** New requests are refused (503 / UNAVAILABLE); in-flight ones finish. */
  async stop(): Promise<void> {
    this.intake.close();
    await Promise.all([this.http?.stop(), this.grpc?.stop()]);
  }
}
