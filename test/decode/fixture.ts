import { readFileSync } from 'node:fs';

/** Lines of a file under test/fixtures (no trailing empty line). */
export function fixtureLines(relative: string): string[] {
  const text = readFileSync(new URL('../fixtures/' + relative, import.meta.url), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const DEV_CRI_LOG =
  'seed-incident/var-log-containers/api-7f9c6d5b8-x2x9k_dev_api-3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a.log';
