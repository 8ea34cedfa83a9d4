/** A decoded JSON object (a log record or an application's JSON log line). */
export type JsonObject = Record<string, unknown>;

/** Whether the text's last non-blank character is `}`: a cheap test before any JSON.parse. */
export function endsWithBrace(text: string): boolean {
  let i = text.length - 1;
  while (i > 0) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13 && c !== 32 && c !== 9) break;
    i--;
  }
  return text.charCodeAt(i) === 125;
}

/** The text as a JSON object, or undefined for anything else (invalid JSON, arrays, scalars). */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
