import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * YAML's `parse`, the package loaded on first use: it costs about 40 ms of start-up, and most
 * runs read no YAML but the shipped rule packs, which are parsed at build time (shipped-packs.ts).
 */
export function parseYaml(text: string): unknown {
  return (require('yaml') as typeof import('yaml')).parse(text);
}
