import { parseDuration } from '../config/duration.js';
import type { ExportConfig } from './export-config.js';

// Derived from the schema, so a value added there is handled (or flagged by tsc) here.
export type OtlpProtocol = ExportConfig['otlp']['protocol'];
export type Temporality = ExportConfig['otlp']['metrics']['temporality'];
type Compression = ExportConfig['otlp']['compression'];

export interface OtlpSignalSettings {
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: Compression;
}

export interface OtlpMetricsSettings extends OtlpSignalSettings {
  intervalMs: number;
  temporality: Temporality;
}

export interface OtlpLogsSettings extends OtlpSignalSettings {
  batchMaxRecords: number;
  batchIntervalMs: number;
  queueMaxRecords: number;
}

export interface ResolvedExportSettings {
  /** Absent: no OTLP metrics export (no endpoint, or OTEL_METRICS_EXPORTER=none). */
  metrics?: OtlpMetricsSettings;
  /** Absent: no OTLP log export. */
  logs?: OtlpLogsSettings;
  /** Resource of logsift's own metrics. */
  resource: Record<string, string>;
  /** Environment values that were ignored, one sentence each (logged once at start). */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

const SIGNAL_PATH = { metrics: '/v1/metrics', logs: '/v1/logs' } as const;

/** `k=v,k2=v2` with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES are written. */
export function parseKeyValueList(text: string | undefined, warnings: string[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      warnings.push(`${name}: ignored "${part.trim()}" (expected key=value)`);
      continue;
    }
    try {
      out[decodeURIComponent(part.slice(0, eq).trim())] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      warnings.push(`${name}: ignored "${part.trim()}" (bad percent-encoding)`);
    }
  }
  return out;
}

/** The first non-empty value among the names, and which name it came from. */
function pick(env: Env, ...names: string[]): [string, string] | undefined {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return [n, v];
  }
  return undefined;
}

function validUrl(url: string, name: string, warnings: string[]): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  warnings.push(`${name}: "${url}" is not an http(s) URL; OTLP export for it is off`);
  return undefined;
}

function resolveSignal(
  signal: 'metrics' | 'logs',
  config: ExportConfig,
  env: Env,
  warnings: string[],
): OtlpSignalSettings | undefined {
  const S = signal.toUpperCase();
  const exporter = env[`OTEL_${S}_EXPORTER`]?.trim().toLowerCase();
  if (exporter === 'none' || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const own = config.otlp[signal];

  // Environment first (signal, then base), then the file (signal, then base).
  let url: string | undefined;
  const envSignal = pick(env, `OTEL_EXPORTER_OTLP_${S}_ENDPOINT`);
  const envBase = pick(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (envSignal) url = validUrl(envSignal[1], envSignal[0], warnings);
  else if (envBase) url = validUrl(appendPath(envBase[1], SIGNAL_PATH[signal]), envBase[0], warnings);
  else if (own.endpoint) url = validUrl(own.endpoint, `export.otlp.${signal}.endpoint`, warnings);
  else if (config.otlp.endpoint) url = validUrl(appendPath(config.otlp.endpoint, SIGNAL_PATH[signal]), 'export.otlp.endpoint', warnings);
  if (!url) return undefined;

  let protocol: OtlpProtocol = own.protocol ?? config.otlp.protocol;
  const envProtocol = pick(env, `OTEL_EXPORTER_OTLP_${S}_PROTOCOL`, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (envProtocol) {
    if (envProtocol[1] === 'http/protobuf' || envProtocol[1] === 'http/json') protocol = envProtocol[1];
    else warnings.push(`${envProtocol[0]}: "${envProtocol[1]}" is not supported (http/protobuf, http/json); using ${protocol}`);
  }

  let timeoutMs = parseDuration(own.timeout ?? config.otlp.timeout);
  const envTimeout = pick(env, `OTEL_EXPORTER_OTLP_${S}_TIMEOUT`, 'OTEL_EXPORTER_OTLP_TIMEOUT');
  if (envTimeout) timeoutMs = positiveInt(envTimeout, timeoutMs, warnings);

  let compression = own.compression ?? config.otlp.compression;
  const envCompression = pick(env, `OTEL_EXPORTER_OTLP_${S}_COMPRESSION`, 'OTEL_EXPORTER_OTLP_COMPRESSION');
  if (envCompression) {
    if (envCompression[1] === 'gzip' || envCompression[1] === 'none') compression = envCompression[1];
    else warnings.push(`${envCompression[0]}: "${envCompression[1]}" is not supported (gzip, none); using ${compression}`);
  }

  const headers = {
    ...config.otlp.headers,
    ...own.headers,
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS, warnings, 'OTEL_EXPORTER_OTLP_HEADERS'),
    ...parseKeyValueList(env[`OTEL_EXPORTER_OTLP_${S}_HEADERS`], warnings, `OTEL_EXPORTER_OTLP_${S}_HEADERS`),
  };
  return { url, protocol, headers, timeoutMs, compression };
}

function appendPath(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

function positiveInt([name, text]: [string, string], fallback: number, warnings: string[]): number {
  const n = Number(text);
  if (Number.isInteger(n) && n > 0) return n;
  warnings.push(`${name}: "${text}" is not a positive integer; using ${fallback}`);
  return fallback;
}

function resolveTemporality(config: ExportConfig, env: Env, warnings: string[]): Temporality {
  const t = pick(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE');
  if (!t) return config.otlp.metrics.temporality;
  const v = t[1].toLowerCase();
  if (v === 'cumulative' || v === 'delta' || v === 'lowmemory') return v;
  warnings.push(`${t[0]}: "${t[1]}" is not one of cumulative, delta, lowmemory; using ${config.otlp.metrics.temporality}`);
  return config.otlp.metrics.temporality;
}

/**
 * Merges `export.*` from config/logsift.yaml with the standard OTEL_* environment variables,
 * the environment winning, as the OpenTelemetry SDKs define them. Bad environment values are
 * reported and ignored rather than fatal: a typo in a deployment must not stop log processing.
 */
export function resolveExportSettings(config: ExportConfig, env: Env): ResolvedExportSettings {
  const warnings: string[] = [];
  const metricsBase = resolveSignal('metrics', config, env, warnings);
  const logsBase = config.logs.enabled ? resolveSignal('logs', config, env, warnings) : undefined;

  let metrics: OtlpMetricsSettings | undefined;
  if (metricsBase) {
    let intervalMs = parseDuration(config.otlp.metrics.interval);
    const envInterval = pick(env, 'OTEL_METRIC_EXPORT_INTERVAL');
    if (envInterval) intervalMs = positiveInt(envInterval, intervalMs, warnings);
    metrics = { ...metricsBase, intervalMs, temporality: resolveTemporality(config, env, warnings) };
  }

  let logs: OtlpLogsSettings | undefined;
  if (logsBase) {
    const b = config.logs.batch;
    let batchMaxRecords = b.maxRecords;
    let batchIntervalMs = parseDuration(b.interval);
    let queueMaxRecords = config.logs.queue.maxRecords;
    const envBatch = pick(env, 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE');
    if (envBatch) batchMaxRecords = positiveInt(envBatch, batchMaxRecords, warnings);
    const envDelay = pick(env, 'OTEL_BLRP_SCHEDULE_DELAY');
    if (envDelay) batchIntervalMs = positiveInt(envDelay, batchIntervalMs, warnings);
    const envQueue = pick(env, 'OTEL_BLRP_MAX_QUEUE_SIZE');
    if (envQueue) queueMaxRecords = positiveInt(envQueue, queueMaxRecords, warnings);
    logs = { ...logsBase, batchMaxRecords: Math.min(batchMaxRecords, queueMaxRecords), batchIntervalMs, queueMaxRecords };
  }

  const resource: Record<string, string> = {
    'service.name': config.resource.serviceName,
    ...config.resource.attributes,
    ...parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES, warnings, 'OTEL_RESOURCE_ATTRIBUTES'),
  };
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName) resource['service.name'] = serviceName;
  return { metrics, logs, resource, warnings };
}
