import { readFileSync } from 'node:fs';

/** logsift's version, from the package.json next to `dist/` (or `src/` in tests). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
