/**
 * Reads the fields logsift wants (level, message, time) from a flat JSON object line without
 * JSON.parse, which costs more than the rest of a line's processing because it builds every key
 * and value. Only accepts what is certainly valid JSON and reads exactly what JSON.parse would
 * give; anything else (nested values, odd shapes) answers "not flat" and the caller uses
 * JSON.parse.
 */

const WS = '[ \\t\\n\\r]*';
const STRING = '"[^"\\\\\\x00-\\x1f]*(?:\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\\\\x00-\\x1f]*)*"';
const NUMBER = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?';
const VALUE = `(?:${STRING}|${NUMBER}|true|false|null)`;

/**
 * A JSON object whose values are all strings, numbers, true, false or null (no trailing comma).
 * Each member can only match one way, so a failing line costs one pass, not a backtracking storm.
 */
const FLAT_OBJECT = new RegExp(`^\\{${WS}(?:${STRING}${WS}:${WS}${VALUE}${WS}(?:,${WS}(?!\\})|(?=\\})))*\\}${WS}$`);

/** Level keys: pino/bunyan/zap/logrus/structlog `level`, GCP `severity`, python-json-logger `levelname`, ECS `log.level`. */
export const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname', 'log.level', 'loglevel'] as const;
/** Message keys: pino/zap/logrus `msg`, ECS/GCP `message`, structlog `event`. */
export const MESSAGE_KEYS = ['msg', 'message', 'event'] as const;
/** Time keys: pino/logrus `time`, zap `ts`, structlog `timestamp`, ECS `@timestamp`. */
export const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp'] as const;

/** Slots in key order of preference: levels, then messages, then times (slot = index in WANTED). */
const WANTED = [...LEVEL_KEYS, ...MESSAGE_KEYS, ...TIME_KEYS];
export const LEVEL_SLOTS = LEVEL_KEYS.length;
export const MESSAGE_SLOT0 = LEVEL_SLOTS;
export const MESSAGE_SLOTS = MESSAGE_KEYS.length;
export const TIME_SLOT0 = MESSAGE_SLOT0 + MESSAGE_SLOTS;
export const TIME_SLOTS = TIME_KEYS.length;
const SLOTS = WANTED.length;

/**
 * A member key logsift reads. In a valid flat object a match is a real key unless its opening
 * quote is escaped (the tail of a longer key), which the caller checks.
 */
const WANTED_KEY = new RegExp(`"(?:${WANTED.map((k) => k.replace('.', '\\.')).join('|')})"${WS}:${WS}`, 'g');

/** Where each wanted key's value starts in the last line read, -1 when absent (reused per line). */
const valueAt = new Int32Array(SLOTS);

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The slot of the key `text[start, end)`, one of WANTED's names, told apart without slicing. */
function slotOf(text: string, start: number, end: number): number {
  const c0 = text.charCodeAt(start);
  switch (end - start) {
    case 2: return TIME_SLOT0 + 1; // ts
    case 3: return c0 === 108 ? 2 : MESSAGE_SLOT0; // lvl, msg
    case 4: return TIME_SLOT0; // time
    case 5: return c0 === 108 ? 0 : MESSAGE_SLOT0 + 2; // level, event
    case 7: return MESSAGE_SLOT0 + 1; // message
    case 8: return c0 === 115 ? 1 : 5; // severity, loglevel
    case 9: return c0 === 116 ? TIME_SLOT0 + 2 : text.charCodeAt(start + 3) === 46 ? 4 : 3; // timestamp, log.level, levelname
    default: return TIME_SLOT0 + 3; // @timestamp
  }
}

// slotOf is written by hand for speed: it must agree with WANTED's order.
for (let s = 0; s < SLOTS; s++) {
  if (slotOf(WANTED[s], 0, WANTED[s].length) !== s) throw new Error(`flat-json: slotOf disagrees with WANTED for ${WANTED[s]}`);
}

/** Records the value position of the key whose `"key":` match ends at `valueStart`. */
function noteKey(text: string, valueStart: number): void {
  let j = valueStart - 1;
  while (isWs(text.charCodeAt(j))) j--;
  j--; // the colon
  while (isWs(text.charCodeAt(j))) j--;
  const keyEnd = j;
  let q = keyEnd - 1;
  while (text.charCodeAt(q) !== 34) q--;
  let backslashes = 0;
  while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
  if ((backslashes & 1) === 1) return;
  valueAt[slotOf(text, q + 1, keyEnd)] = valueStart;
}

/**
 * Reads a flat JSON object line; false when it is not one (the caller then uses JSON.parse).
 * After true, `flatValue(text, slot)` gives each wanted key's value.
 */
export function readFlatJson(text: string): boolean {
  if (!FLAT_OBJECT.test(text)) return false;
  valueAt.fill(-1);
  WANTED_KEY.lastIndex = 0;
  while (WANTED_KEY.test(text)) noteKey(text, WANTED_KEY.lastIndex);
  return true;
}

/** The value of a slot's key in the line last read, as JSON.parse gives it; undefined when absent. */
export function flatValue(text: string, slot: number): unknown {
  const at = valueAt[slot];
  if (at < 0) return undefined;
  const c = text.charCodeAt(at);
  if (c === 34) return stringAt(text, at);
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  return numberAt(text, at);
}

/**
 * The (valid, as the line was checked) JSON number at `at`. Plain integers of up to 15 digits
 * are summed exactly by hand, since `Number()` of a fresh slice costs several times more.
 */
function numberAt(text: string, at: number): number {
  let n = 0;
  let i = at;
  for (;;) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    i++;
  }
  const c = text.charCodeAt(i);
  if (i > at && i - at <= 15 && c !== 46 && c !== 101 && c !== 69) return n;
  let end = at + 1;
  for (;;) {
    const e = text.charCodeAt(end);
    if (!((e >= 48 && e <= 57) || e === 46 || e === 101 || e === 69 || e === 43 || e === 45)) break;
    end++;
  }
  return Number(text.slice(at, end));
}

/** The string whose opening quote is at `at`; escapes are left to JSON.parse. */
function stringAt(text: string, at: number): string {
  let i = at + 1;
  let escaped = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) {
      escaped = true;
      i += 2;
    } else {
      i++;
    }
  }
  return escaped ? (JSON.parse(text.slice(at, i + 1)) as string) : text.slice(at + 1, i);
}
