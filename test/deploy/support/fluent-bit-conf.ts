/** One `[SECTION]` of a Fluent Bit classic-mode config; keys are case-insensitive there. */
export interface FluentBitSection {
  name: string;
  line: number;
  entries: Map<string, string[]>;
}

/** `get('Port')` on a section: the last value of a key, as Fluent Bit takes it. */
export function entry(section: FluentBitSection, key: string): string | undefined {
  return section.entries.get(key.toLowerCase())?.at(-1);
}

/**
 * Parses Fluent Bit's classic config format as its own reader does: `[SECTION]` headers at
 * column 0, `Key Value` entries indented alike under them, `#` comment lines. @INCLUDE and @SET
 * are not used by logsift's deployment and are refused rather than half-understood.
 */
export function parseFluentBitConf(text: string): FluentBitSection[] {
  const sections: FluentBitSection[] = [];
  let indent: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    if (line.startsWith('@')) throw new Error(`line ${lineNo}: ${line.split(/\s/)[0]} is not supported here`);
    const header = /^\[([A-Za-z_]+)\]$/.exec(line);
    if (header) {
      sections.push({ name: header[1].toUpperCase(), line: lineNo, entries: new Map() });
      return;
    }
    const m = /^(\s+)(\S+)\s+(.+)$/.exec(line);
    if (!m) throw new Error(`line ${lineNo}: expected "[SECTION]" or an indented "Key Value": ${JSON.stringify(raw)}`);
    const section = sections.at(-1);
    if (!section) throw new Error(`line ${lineNo}: entry before any [SECTION]`);
    indent ??= m[1];
    if (m[1] !== indent) throw new Error(`line ${lineNo}: indentation differs from the first entry's (Fluent Bit rejects that)`);
    const key = m[2].toLowerCase();
    section.entries.set(key, [...(section.entries.get(key) ?? []), m[3].trim()]);
  });
  return sections;
}

/** Fluent Bit's `Exclude_Path`/`Path` globs (comma-separated, `*` and `?`) as one matcher. */
export function globMatcher(patterns: string): (path: string) => boolean {
  const regexes = patterns.split(',').map((p) => {
    const body = p
      .trim()
      .split('')
      .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`^${body}$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}
