import { julHeaderSource, julLevelLineSeverity } from '../parse/jul-header.js';

/*
 * java.util.logging's SimpleFormatter writes one record on two lines (parse/jul-header.ts): the
 * time and the source, then `LEVEL: message`. The grouper joins them as kind `jul`; the throwable
 * the formatter prints after them is a JVM stack trace, grouped on its own.
 */

export const JUL_KIND = 'jul';

/** `Mar 15, 2023 9:42:07 PM org.apache.catalina.startup.Catalina start`: opens a record. */
export function isJulHeaderLine(text: string): boolean {
  return julHeaderSource(text) > 0;
}

/** `SEVERE: Exception sending context initialized event ...`: the record's second line. */
export function isJulLevelLine(text: string): boolean {
  return julLevelLineSeverity(text) > 0;
}
