import type { TSchema } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { ConfigSchema } from './schema.js';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  description?: string;
  default?: unknown;
  anyOf?: SchemaNode[];
}

/**
 * `config/logsift.yaml` rendered from the schema: every key with its default and description,
 * so the example can never drift from what is validated (a test compares them).
 */
export function renderExampleConfig(schema: TSchema = ConfigSchema): string {
  const header = [
    '# logsift configuration. Every key is optional; shown here with its default.',
    '# Generated from the schema by `npm run config:example` — edit the schema, not this file.',
    '# OTEL_* environment variables override the export settings, as the OpenTelemetry SDKs define them.',
    '',
  ];
  return header.join('\n') + renderObject(schema as SchemaNode, 0).join('\n') + '\n';
}

function renderObject(node: SchemaNode, depth: number): string[] {
  const out: string[] = [];
  const pad = '  '.repeat(depth);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child.description) out.push(`${pad}# ${child.description}`);
    if (child.type === 'object' && child.properties) {
      const inner = renderObject(child, depth + 1);
      // A section whose keys are all unset would read back as null: write it as an empty map.
      const hasValue = inner.some((l) => !l.trimStart().startsWith('#'));
      out.push(`${pad}${key}:${hasValue ? '' : ' {}'}`);
      out.push(...inner);
    } else if (child.default === undefined) {
      out.push(`${pad}# ${key}: (not set)`);
    } else {
      const value = stringify(child.default, { flow: true }).trim();
      out.push(`${pad}${key}: ${value}`);
    }
  }
  return out;
}
