import type { AppLine } from './app-format.js';

/** Every AppLine is built here with the same property order so the hot path stays monomorphic. */
export function makeAppLine(
  timeMs: number | undefined,
  severityNumber: number,
  levelText: string | undefined,
  message: string,
  format: string,
  logger?: string,
  thread?: string,
  pid?: number,
): AppLine {
  return { timeMs: timeMs === timeMs ? timeMs : undefined, severityNumber, levelText, message, format, logger, thread, pid };
}
