import type { PodIdentity } from '../model/record.js';
import { decodeCri } from './cri.js';
import { decodeJsonRecord } from './json-record.js';
import type { PrefixIdentity } from './line-prefix.js';

/** One physical line with its container-runtime framing removed. */
export interface ContainerLine {
  /** The application's text. */
  text: string;
  /** Time written by the runtime or Fluent Bit (ms since epoch), when present. */
  timeMs?: number;
  /** stdout / stderr when the framing says. */
  stream?: string;
  /** CRI `P` tag: the runtime split a long line; the next line with the same key continues it. */
  partial: boolean;
  /** Which framing was recognised. */
  framing: 'cri' | 'docker' | 'fluent-bit' | 'raw';
  /** Pod identity carried in the line itself (Fluent Bit `kubernetes` map). */
  pod?: PodIdentity;
  /**
   * The container instance named in the line itself (Fluent Bit `kubernetes.docker_id`). Only
   * the objects that can have it carry the property: two more fields on every CRI line's object
   * cost the whole pipeline 2-3 % (bench/container-restarts.mjs notes).
   */
  containerId?: string;
  /** Whose line a tool's prefix says it is (`docker compose logs`, `kubectl logs --prefix`, ...): line-prefixes.ts. */
  prefix?: PrefixIdentity;
  /** The prefix is only tentative (PrefixMatch.tentative): the pipeline decides from the next line. */
  tentative?: boolean;
  /** The line was cut at pipeline.maxLineBytes (the record says so: `logsift.truncated`); set only then. */
  truncated?: boolean;
}

function rawLine(line: string): ContainerLine {
  return { text: line, timeMs: undefined, stream: undefined, partial: false, framing: 'raw', pod: undefined };
}

/**
 * Detects, per line, CRI (`<RFC3339Nano> <stream> <P|F> <msg>`), Docker json-file
 * (`{"log":"...\n","stream":"stderr","time":"..."}`), Fluent Bit records as JSON lines (`log`
 * plus an optional `kubernetes` map, `date`/`time`), or a raw line. Never throws.
 * `unwrapped`: the transport already removed framing (e.g. a Fluent Bit HTTP record's `log`
 * field); only CRI framing is still looked for, since a tail without the CRI parser sends it.
 */
export function decodeContainerLine(line: string, unwrapped = false): ContainerLine {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) return decodeCri(line) ?? rawLine(line);
  if (c === 123 && !unwrapped) return decodeJsonRecord(line) ?? rawLine(line);
  return rawLine(line);
}
