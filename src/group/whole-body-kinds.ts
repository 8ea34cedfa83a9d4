import { JUL_KIND } from './jul-shapes.js';

/**
 * Group kinds whose header is spread over their lines, so the line parser reads the whole body
 * rather than the first line: java.util.logging's record has its time on the first line and its
 * level and message on the second. For every other kind the first line's header is the record's.
 */
export const WHOLE_BODY_KINDS: ReadonlySet<string> = new Set([JUL_KIND]);
