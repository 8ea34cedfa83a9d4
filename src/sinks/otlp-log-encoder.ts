import { createRequire } from 'node:module';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LogRecord } from '../model/record.js';
import { podKey } from '../state/pod-key.js';
import { msToHrTime, podResourceAttributes, recordAttributes } from './record-json.js';
import type { OtlpProtocol } from './resolve-otlp-settings.js';

const SCOPE = { name: 'logsift' };
const require = createRequire(import.meta.url);
let transformer: typeof import('@opentelemetry/otlp-transformer') | undefined;
const MAX_RESOURCES = 4096;

/**
 * Turns a batch of records into one OTLP ExportLogsServiceRequest body. Each pod is its own
 * resource (the k8s.* attributes); the serializer groups records into resourceLogs by resource
 * object identity, so one Resource object is kept per pod (bounded; cleared when full).
 */
export class OtlpLogEncoder {
  readonly contentType: string;
  private readonly resources = new Map<string, Resource>();

  constructor(private readonly protocol: OtlpProtocol) {
    this.contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
  }

  encode(records: LogRecord[]): Uint8Array {
    const readable: ReadableLogRecord[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) readable[i] = this.toReadable(records[i]);
    // The transformer (~50 ms to load with its protobuf code) only once logs are exported at all.
    transformer ??= require('@opentelemetry/otlp-transformer') as typeof import('@opentelemetry/otlp-transformer');
    const serializer = this.protocol === 'http/json' ? transformer.JsonLogsSerializer : transformer.ProtobufLogsSerializer;
    return serializer.serializeRequest(readable) ?? new Uint8Array(0);
  }

  private toReadable(r: LogRecord): ReadableLogRecord {
    return {
      hrTime: msToHrTime(r.timeMs),
      hrTimeObserved: msToHrTime(r.observedMs),
      severityNumber: r.severityNumber,
      severityText: r.severityText,
      body: r.body,
      resource: this.resourceFor(r),
      instrumentationScope: SCOPE,
      attributes: recordAttributes(r),
      droppedAttributesCount: 0,
    };
  }

  private resourceFor(r: LogRecord): Resource {
    const key = podKey(r.pod) + '\u0000' + (r.pod.node ?? '');
    let res = this.resources.get(key);
    if (!res) {
      if (this.resources.size >= MAX_RESOURCES) this.resources.clear();
      res = resourceFromAttributes(podResourceAttributes(r.pod));
      this.resources.set(key, res);
    }
    return res;
  }
}
