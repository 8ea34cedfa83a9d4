import type { AppFormat, AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromNumericLevel, severityFromWord } from './severity-words.js';
import { timeFromJsonValue } from '../decode/timestamp.js';
import {
  flatValue, LEVEL_KEYS, LEVEL_SLOTS, MESSAGE_KEYS, MESSAGE_SLOT0, MESSAGE_SLOTS, readFlatJson, TIME_KEYS, TIME_SLOT0, TIME_SLOTS,
} from './flat-json.js';
import { endsWithBrace, parseJsonObject, type JsonObject } from '../decode/json-object.js';

function levelOf(o: JsonObject): { severity: number; text: string } | undefined {
  for (const k of LEVEL_KEYS) {
    const v = o[k];
    if (typeof v === 'number') return { severity: severityFromNumericLevel(v), text: String(v) };
    if (typeof v === 'string' && v.length > 0) return { severity: severityFromWord(v), text: v };
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
