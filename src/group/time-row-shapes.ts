import { timeRowMs } from '../parse/time-row.js';

/*
 * A log viewer's row holding only the date and time of the event on the row below it
 * (parse/time-row.ts): the grouper joins the two as kind `time-row`, so the event's row is one
 * record dated by the row above it rather than a lone time read as a paste artefact.
 */

export const TIME_ROW_KIND = 'time-row';

/** `2022-07-14 0:55:52` alone on its line. */
export function isTimeRowLine(text: string): boolean {
  return text.charCodeAt(4) === 45 && !Number.isNaN(timeRowMs(text));
}
