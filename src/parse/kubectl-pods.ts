import type { AppFormat, AppLine } from './app-format.js';
import { LOWER } from './app-format.js';
import { isDigit } from './char-codes.js';
import { makeAppLine } from './make-app-line.js';

/** The format name of `kubectl get pods` table lines (the pipeline reads their rows: pod-table-rows.ts). */
export const KUBECTL_PODS = 'kubectl-pods';

/** One row of a `kubectl get pods` table. */
export interface PodRow {
  /** The NAMESPACE column of `-A` / `--all-namespaces`, when the table has one. */
  namespace?: string;
  name: string;
  ready: number;
  containers: number;
  /** The STATUS cell: a phase, a container's waiting/terminated reason, `Init:…`, `Terminating`. */
  status: string;
  restarts: number;
  /** The AGE cell in ms (`2m17s`, `15m`, `3d4h`); NaN for `<unknown>`/`<invalid>`. */
  ageMs: number;
}

/**
 * A row as kubectl prints pods (pkg/printers/internalversion/printers.go, podColumnDefinitions and
 * printPod, 1.0 to 1.33): [EVENT] [NAMESPACE] NAME READY STATUS RESTARTS AGE, then the `-o wide`
 * columns (IP, NODE, NOMINATED NODE, READINESS GATES) or `--show-labels`. RESTARTS is a count,
 * with `(40s ago)` after it since 1.22; AGE is apimachinery's HumanDuration (`67s`, `2m17s`,
 * `15m`, `3h4m`, `5d`, `2y3d`). `--output-watch-events` puts ADDED/MODIFIED/DELETED first. Each
 * token is bounded by whitespace, so the match is linear.
 */
const ROW = /^(?:(?:ADDED|MODIFIED|DELETED|BOOKMARK|ERROR)\s+)?(?:([a-z0-9][-a-z0-9]{0,62})\s+)?([a-z0-9][-a-z0-9.]{0,252})\s+(\d{1,3})\/(\d{1,3})\s+([A-Za-z][\w:/.-]{0,60})\s+(\d{1,9})(?: \(\S{1,20} ago\))?\s+((?:\d{1,6}[smhdy]){1,3}|<unknown>|<invalid>)(?:\s.*)?$/;

/** The header row: the same columns, upper-cased by kubectl's table printer. */
const HEADER = /^(?:EVENT\s+)?(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE(?:\s.*)?$/;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000 };

function ageMs(cell: string): number {
  if (cell.charCodeAt(0) === 60) return NaN;
  let ms = 0;
  let n = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (isDigit(c)) n = n * 10 + (c - 48);
    else {
      ms += n * UNIT_MS[cell[i]];
      n = 0;
    }
  }
  return ms;
}

/** A character of a pod or namespace name (DNS subdomain: `a-z0-9.-`) or of a watch-event word. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || (c >= 65 && c <= 90);
}

/**
 * A cheap look before the regex: a pod table line has a `N/M` READY cell after its first one or
 * two (three with a watch-event column) name-like tokens. Most lines fail within their first
 * token, at a character no name has (`=`, `:`, `[`, `_`).
 */
function hasReadyCell(text: string): boolean {
  let i = 0;
  for (let token = 0; token < 3; token++) {
    const from = i;
    for (let c = text.charCodeAt(i); c !== 32 && c !== 9; c = text.charCodeAt(i)) {
      if (!isNameChar(c) || i - from > 253) return false;
      i++;
    }
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (isDigit(text.charCodeAt(i))) {
      let j = i + 1;
      while (isDigit(text.charCodeAt(j))) j++;
      return text.charCodeAt(j) === 47;
    }
  }
  return false;
}

/**
 * The last line read and its row: the format check reads a row, then the pipeline asks for the
 * same line's row (its message is the whole line), so the regex runs once per row.
 */
let lastText: string | undefined;
let lastRow: PodRow | undefined;

/** The row's cells, or undefined when the line is not a `kubectl get pods` row. */
export function readPodRow(text: string): PodRow | undefined {
  if (text === lastText) return lastRow;
  lastText = text;
  lastRow = undefined;
  if (!hasReadyCell(text)) return undefined;
  const m = ROW.exec(text);
  if (m === null) return undefined;
  return (lastRow = {
    ...(m[1] !== undefined ? { namespace: m[1] } : {}),
    name: m[2],
    ready: Number(m[3]),
    containers: Number(m[4]),
    status: m[5],
    restarts: Number(m[6]),
    ageMs: ageMs(m[7]),
  });
}

/**
 * A row or the header of a `kubectl get pods` table (no time, no level: the message is the line).
 * Pod names that start with a digit are left to the other formats: digit-led lines are mostly
 * timestamps, and the look would cost each of them.
 */
export function parseKubectlPods(text: string): AppLine | undefined {
  const c0 = text.charCodeAt(0);
  const header = (c0 === 78 || c0 === 69) && (text.startsWith('NAME') || text.startsWith('EVENT')) && HEADER.test(text);
  if (!header && readPodRow(text) === undefined) return undefined;
  return makeAppLine(undefined, 0, undefined, text, KUBECTL_PODS);
}

export const kubectlPodsFormat: AppFormat = { name: KUBECTL_PODS, firstChars: LOWER + 'NEAMDB', parse: parseKubectlPods };
