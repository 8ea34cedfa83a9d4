const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text from the log (and from rule packs, pod names, file names) as HTML text or attribute
 * content: markup characters as entities, and control characters (ANSI colour codes, NUL) as
 * their visible Unicode pictures, so nothing in a line can become markup or vanish.
 */
export function esc(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) =>
    ENTITIES[c] ?? String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)),
  );
}
