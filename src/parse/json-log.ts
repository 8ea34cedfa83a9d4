import type { AppLine } from './app-line.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromNumericLevel, severityFromWord } from './severity-words.js';
import { timeFromJsonValue } from '../decode/timestamp.js';

type Json = Record<string, unknown>;

/** Level keys: pino/bunyan/zap/logrus/structlog `level`, GCP `severity`, python-json-logger `levelname`, ECS `log.level`. */
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname', 'log.level', 'loglevel'] as const;
/** Message keys: pino/zap/logrus `msg`, ECS/GCP `message`, structlog `event`. */
const MESSAGE_KEYS = ['msg', 'message', 'event'] as const;
/** Time keys: pino/logrus `time`, zap `ts`, structlog `timestamp`, ECS `@timestamp`. */
const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp'] as const;

function lastNonSpace(text: string): number {
  let i = text.length - 1;
  while (i > 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 9)) i--;
  return text.charCodeAt(i);
}

function parseObject(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

function levelOf(o: Json): { severity: number; text: string } | undefined {
  for (const k of LEVEL_KEYS) {
    const v = o[k];
    if (typeof v === 'number') return { severity: severityFromNumericLevel(v), text: String(v) };
    if (typeof v === 'string' && v.length > 0) return { severity: severityFromWord(v), text: v };
  }
  return undefined;
}

function firstString(o: Json, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function timeOf(o: Json): number | undefined {
  for (const k of TIME_KEYS) {
    if (o[k] !== undefined) return timeFromJsonValue(o[k]);
  }
  return undefined;
}

/**
 * JSON application logs (pino/bunyan numeric levels, zap, logrus, structlog, GCP, ECS).
 * Parsed only when the line starts with `{` and ends with `}`; undefined when it is not an
 * object, so the line falls back to plain parsing.
 */
export function parseJsonLog(text: string): AppLine | undefined {
  if (lastNonSpace(text) !== 125) return undefined;
  const o = parseObject(text);
  if (o === undefined) return undefined;
  const level = levelOf(o);
  return makeAppLine(
    timeOf(o),
    level === undefined ? 0 : level.severity,
    level?.text,
    firstString(o, MESSAGE_KEYS) ?? text,
    'json',
  );
}
