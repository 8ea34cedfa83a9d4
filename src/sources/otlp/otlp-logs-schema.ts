import protobuf from 'protobufjs';

/**
 * The OTLP logs messages logsift reads, as a protobufjs descriptor; protobufjs does every byte of
 * the wire format. Field numbers and types are those of opentelemetry-proto v1.11.0
 * (`collector/logs/v1/logs_service.proto`, `logs/v1/logs.proto`, `common/v1/common.proto`,
 * `resource/v1/resource.proto`) plus `google/rpc/status.proto` and `error_details.proto`
 * (RetryInfo) for error answers.
 *
 * Neither @opentelemetry/otlp-transformer nor @opentelemetry/otlp-grpc-exporter-base (0.223.1)
 * can decode a request: they serialise requests and parse responses only, and no maintained npm
 * package ships the OTLP `.proto` files. So this is a read profile of those files: fields
 * logsift never reads (scope, schema URLs, trace and span ids, flags, dropped counts, event
 * name) are left out on purpose, and protobufjs skips them as unknown fields without allocating.
 */
const descriptor = {
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: {
            value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] },
          },
          fields: {
            stringValue: { type: 'string', id: 1 },
            boolValue: { type: 'bool', id: 2 },
            intValue: { type: 'int64', id: 3 },
            doubleValue: { type: 'double', id: 4 },
            arrayValue: { type: 'ArrayValue', id: 5 },
            kvlistValue: { type: 'KeyValueList', id: 6 },
            bytesValue: { type: 'bytes', id: 7 },
          },
        },
        ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
        KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
        KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
        Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
        LogRecord: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 },
            observedTimeUnixNano: { type: 'fixed64', id: 11 },
            severityNumber: { type: 'int32', id: 2 },
            severityText: { type: 'string', id: 3 },
            body: { type: 'AnyValue', id: 5 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 6 },
          },
        },
        ScopeLogs: { fields: { logRecords: { rule: 'repeated', type: 'LogRecord', id: 2 } } },
        ResourceLogs: {
          fields: { resource: { type: 'Resource', id: 1 }, scopeLogs: { rule: 'repeated', type: 'ScopeLogs', id: 2 } },
        },
        ExportLogsServiceRequest: { fields: { resourceLogs: { rule: 'repeated', type: 'ResourceLogs', id: 1 } } },
        ExportLogsPartialSuccess: {
          fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } },
        },
        ExportLogsServiceResponse: { fields: { partialSuccess: { type: 'ExportLogsPartialSuccess', id: 1 } } },
        /** google.protobuf.Any / Duration, google.rpc.Status / RetryInfo. */
        Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
        Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
        Status: {
          fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } },
        },
        RetryInfo: { fields: { retryDelay: { type: 'Duration', id: 1 } } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);

export const ExportLogsServiceRequest = root.lookupType('otlp.ExportLogsServiceRequest');
export const ExportLogsServiceResponse = root.lookupType('otlp.ExportLogsServiceResponse');
export const ResourceLogsType = root.lookupType('otlp.ResourceLogs');
export const ResourceType = root.lookupType('otlp.Resource');
export const ScopeLogsType = root.lookupType('otlp.ScopeLogs');
export const LogRecordType = root.lookupType('otlp.LogRecord');
export const KeyValueType = root.lookupType('otlp.KeyValue');
export const AnyValueType = root.lookupType('otlp.AnyValue');
export const RpcStatus = root.lookupType('otlp.Status');
export const RetryInfo = root.lookupType('otlp.RetryInfo');

/** The type URL a google.protobuf.Any carries for a RetryInfo detail. */
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/** A 64-bit integer as protobufjs decodes it (long.js), or as OTLP/JSON writes it. */
export interface Int64Like {
  low: number;
  high: number;
  unsigned?: boolean;
}

/** Shapes of decoded messages (protobufjs instances; OTLP/JSON objects have the same names). */
export interface KeyValueMsg {
  key?: unknown;
  value?: unknown;
}

export interface AnyValueMsg {
  stringValue?: unknown;
  boolValue?: unknown;
  intValue?: unknown;
  doubleValue?: unknown;
  arrayValue?: { values?: unknown };
  kvlistValue?: { values?: unknown };
  bytesValue?: unknown;
}

export interface LogRecordMsg {
  timeUnixNano?: unknown;
  observedTimeUnixNano?: unknown;
  severityNumber?: unknown;
  severityText?: unknown;
  body?: unknown;
  attributes?: unknown;
}

export interface ScopeLogsMsg {
  logRecords?: unknown;
}

export interface ResourceLogsMsg {
  resource?: { attributes?: unknown };
  scopeLogs?: unknown;
}

export interface ExportLogsRequestMsg {
  resourceLogs?: unknown;
}
