import type { AppFormat, AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromNumericLevel, severityFromWord } from './severity-words.js';
import { timeFromJsonValue } from '../decode/timestamp.js';
import {
  flatValue, LEVEL_KEYS, LEVEL_SLOTS, MESSAGE_KEYS, MESSAGE_SLOT0, MESSAGE_SLOTS, readFlatJson, TIME_KEYS, TIME_SLOT0, TIME_SLOTS,
} from './flat-json.js';
import { endsWithBrace, parseJsonObject, type JsonObject } from '../decode/json-object.js';
import { Severity } from '../model/severity.js';

/** MongoDB 4.4+ (logv2) severities: F, E, W, I, and D1-D5 (src/mongo/logv2/log_severity.cpp). */
const MONGO_SEVERITY: Readonly<Record<string, number>> = { F: Severity.FATAL, E: Severity.ERROR, W: Severity.WARN, I: Severity.INFO, D: Severity.DEBUG };

/**
 * MongoDB's structured log (`{"t":{"$date":...},"s":"I","c":"NETWORK","id":23016,"msg":...}`):
 * the level is the one-letter `s`, the time `t.$date`. A few messages only carry text in
 * `attr.message` (4757800 "Writing fatal message" with "out of memory." or "Got signal: 11",
 * "WiredTiger message"): that text is appended so rules can read it. The exit code goes back
 * into "Shutting down" as the server's own format string has it (23138 "Shutting down with code:
 * {exitCode}"), which tells mongod's exit from other servers' bare "Shutting down".
 */
function parseMongoLog(o: JsonObject): AppLine | undefined {
  const t = o.t;
  const s = o.s;
  const msg = o.msg;
  if (typeof s !== 'string' || typeof msg !== 'string' || typeof o.c !== 'string' || t === null || typeof t !== 'object' || Array.isArray(t)) return undefined;
  const date = (t as JsonObject).$date;
  if (date === undefined) return undefined;
  const severity = MONGO_SEVERITY[s.charAt(0)] ?? 0;
  const attr = o.attr;
  const attrs = attr !== null && typeof attr === 'object' && !Array.isArray(attr) ? (attr as JsonObject) : undefined;
  const carried = attrs?.message;
  const exitCode = attrs?.exitCode;
  const message =
    typeof carried === 'string' && carried.trim() !== '' ? `${msg}: ${carried.trim()}` : typeof exitCode === 'number' ? `${msg} with code: ${exitCode}` : msg;
  return makeAppLine(timeFromJsonValue(date), severity, severity === 0 ? undefined : s, message, 'json');
}

function levelOf(o: JsonObject): { severity: number; text: string } | undefined {
  for (const k of LEVEL_KEYS) {
    const v = o[k];
    if (typeof v === 'number') return { severity: severityFromNumericLevel(v), text: String(v) };
    if (typeof v === 'string' && v.length > 0) return { severity: severityFromWord(v), text: v };
  }
  return nestedLevel(o.log) ?? tagLevel(o);
}

/** ECS as Kibana 8 and Elastic's ecs-logging libraries nest it: `"log":{"level":"ERROR","logger":...}`. */
function nestedLevel(log: unknown): { severity: number; text: string } | undefined {
  if (log === null || typeof log !== 'object' || Array.isArray(log)) return undefined;
  const v = (log as JsonObject).level;
  return typeof v === 'string' && v.length > 0 ? { severity: severityFromWord(v), text: v } : undefined;
}

/**
 * Kibana's legacy JSON layout (6.x-7.x, and OpenSearch Dashboards: `{"type":"log","@timestamp":...,
 * "tags":["error","plugins","security"],"pid":7,"message":...}`) says the level as one of the
 * record's tags (server.log(tags, message); the new platform's legacy appender writes the level
 * first): the first tag that is a level word. Only for records with a `type`, the layout's mark.
 */
function tagLevel(o: JsonObject): { severity: number; text: string } | undefined {
  const tags = o.tags;
  if (typeof o.type !== 'string' || !Array.isArray(tags)) return undefined;
  for (let k = 0; k < tags.length && k < 16; k++) {
    const tag = tags[k];
    if (typeof tag !== 'string') continue;
    const severity = severityFromWord(tag);
    if (severity > 0) return { severity, text: tag };
  }
  return undefined;
}

function firstString(o: JsonObject, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function timeOf(o: JsonObject): number | undefined {
  for (const k of TIME_KEYS) {
    if (o[k] !== undefined) return timeFromJsonValue(o[k]);
  }
  return undefined;
}

/** The same reading as levelOf/firstString/timeOf, over a flat line's values (see flat-json.ts). */
function fromFlat(text: string): AppLine {
  let severity = 0;
  let levelText: string | undefined;
  for (let k = 0; k < LEVEL_SLOTS; k++) {
    const v = flatValue(text, k);
    if (typeof v === 'number') {
      severity = severityFromNumericLevel(v);
      levelText = String(v);
      break;
    }
    if (typeof v === 'string' && v.length > 0) {
      severity = severityFromWord(v);
      levelText = v;
      break;
    }
  }
  let message = text;
  for (let k = MESSAGE_SLOT0; k < MESSAGE_SLOT0 + MESSAGE_SLOTS; k++) {
    const v = flatValue(text, k);
    if (typeof v === 'string') {
      message = v;
      break;
    }
  }
  let timeMs: number | undefined;
  for (let k = TIME_SLOT0; k < TIME_SLOT0 + TIME_SLOTS; k++) {
    const v = flatValue(text, k);
    if (v !== undefined) {
      timeMs = timeFromJsonValue(v);
      break;
    }
  }
  return makeAppLine(timeMs, severity, levelText, message, 'json');
}

/**
 * JSON application logs (pino/bunyan numeric levels, zap, logrus, structlog, GCP, ECS).
 * Parsed only when the line starts with `{` and ends with `}`; undefined when it is not an
 * object, so the line falls back to plain parsing. Flat objects (the common shape) are read
 * without JSON.parse.
 */
export function parseJsonLog(text: string): AppLine | undefined {
  if (!endsWithBrace(text)) return undefined;
  if (readFlatJson(text)) return fromFlat(text);
  const o = parseJsonObject(text);
  if (o === undefined) return undefined;
  const mongo = parseMongoLog(o);
  if (mongo !== undefined) return mongo;
  const level = levelOf(o);
  return makeAppLine(
    timeOf(o),
    level === undefined ? 0 : level.severity,
    level?.text,
    firstString(o, MESSAGE_KEYS) ?? text,
    'json',
  );
}

export const jsonLogFormat: AppFormat = { name: 'json', firstChars: '{', parse: parseJsonLog };
