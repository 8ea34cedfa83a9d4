import type { LifecycleEvent } from '../model/record.js';
import { esc } from './html-escape.js';
import type { Lane, PodTimeline } from './pod-timelines.js';
import { shortTime, spanText, timeTicks } from './time-axis.js';

/** The time range every timeline shares, so pods line up under one another. */
export interface TimeDomain {
  fromMs: number;
  toMs: number;
}

const WIDTH = 1160;
const LEFT = 92;
const RIGHT = 16;
const TOP = 20;
const LANE = 20;
const BOTTOM = 6;
/** Marks closer than this (px) are drawn as one, with their counts summed. */
const MIN_GAP = 2;

const PLOT = WIDTH - LEFT - RIGHT;

const LABEL: Readonly<Record<LifecycleEvent, [string, string]>> = {
  boot: ['boot', 'boots'],
  timeout: ['timeout', 'timeouts'],
  kill: ['kill', 'kills'],
  oom: ['OOM kill', 'OOM kills'],
  exit: ['exit', 'exits'],
  crash: ['crash', 'crashes'],
  probe_fail: ['probe failure', 'probe failures'],
  backoff: ['back-off', 'back-offs'],
  restart: ['container restart', 'container restarts'],
};

export const eventLabel = (e: LifecycleEvent, n: number) => `${n} ${LABEL[e][n === 1 ? 0 : 1]}`;

/** A domain around every timeline's records, padded so marks at the ends stay visible. */
export function sharedDomain(timelines: PodTimeline[]): TimeDomain {
  let from = Infinity;
  let to = -Infinity;
  for (const t of timelines) {
    from = Math.min(from, t.firstMs);
    to = Math.max(to, t.lastMs);
  }
  if (!Number.isFinite(from)) return { fromMs: 0, toMs: 1 };
  const pad = Math.max((to - from) * 0.01, 1000);
  return { fromMs: from - pad, toMs: to + pad };
}

/**
 * One pod's lifecycle events on event time: a lane per event kind that occurred, loop spans
 * shaded behind them, onsets (the first signal after a quiet period) as dashed lines. Marks carry
 * their counts (`data-n`) and a tooltip; everything readable is also in the tables below.
 */
export function renderTimeline(t: PodTimeline, domain: TimeDomain, maxMarksPerLane = PLOT / MIN_GAP): string {
  const x = (ms: number) => LEFT + ((ms - domain.fromMs) / (domain.toMs - domain.fromMs)) * PLOT;
  const lanes = t.lanes.length > 0 ? t.lanes : [];
  const height = TOP + Math.max(lanes.length, 1) * LANE + BOTTOM;
  const bottom = height - BOTTOM;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="lifecycle events of ${esc(t.pod.pod)} over time">`,
  );
  for (const tick of timeTicks(domain.fromMs, domain.toMs)) {
    const tx = x(tick.ms).toFixed(1);
    out.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${TOP - 4}" y2="${bottom}"/><text class="tick" x="${tx}" y="${TOP - 7}">${esc(tick.label)}</text>`);
  }
  for (const s of t.loops) {
    const x1 = x(s.startMs);
    const w = Math.max(x(s.endMs) - x1, 3);
    const until = s.open ? 'still active at the end of the input' : `last failure ${shortTime(s.endMs)}`;
    out.push(
      `<rect class="loop" data-start="${new Date(s.startMs).toISOString()}" data-end="${new Date(s.endMs).toISOString()}" data-open="${s.open}" ` +
        `x="${x1.toFixed(1)}" y="${TOP}" width="${w.toFixed(1)}" height="${bottom - TOP}">` +
        `<title>restart loop from ${shortTime(s.startMs)}, ${until}${s.evidence ? ': ' + esc(s.evidence) : ''}</title></rect>`,
    );
  }
  lanes.forEach((lane, i) => out.push(renderLane(lane, TOP + i * LANE, x, maxMarksPerLane)));
  if (lanes.length === 0) out.push(`<text class="empty" x="${LEFT + 6}" y="${TOP + 14}">no lifecycle events</text>`);
  for (const o of t.onsets) {
    const ox = x(o.timeMs).toFixed(1);
    const what = o.quietMs === undefined ? 'first signal' : `first signal after ${spanText(o.quietMs)} without one`;
    out.push(
      `<g class="onset" data-time="${new Date(o.timeMs).toISOString()}"><line x1="${ox}" x2="${ox}" y1="${TOP - 2}" y2="${bottom}"/>` +
        `<path d="M${ox} ${TOP} l-4 -6 h8 z"/><title>${what}, ${shortTime(o.timeMs)}: ${esc(o.example)}</title></g>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

function renderLane(lane: Lane, y: number, x: (ms: number) => number, maxMarks: number): string {
  const out: string[] = [];
  out.push(`<g class="lane ev-${lane.event}" data-event="${lane.event}" data-total="${lane.total}">`);
  out.push(`<line class="base" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y + LANE / 2}" y2="${y + LANE / 2}"/>`);
  out.push(`<text class="name" x="${LEFT - 8}" y="${y + LANE / 2 + 4}">${LABEL[lane.event][1]} ${lane.total}</text>`);
  const exact = lane.widthMs === 1;
  let marks = merge(lane, x, MIN_GAP);
  // Past the page's budget, coarser: the page stays small whatever the input.
  if (marks.length > maxMarks) marks = merge(lane, x, PLOT / Math.max(maxMarks - 1, 1));
  for (const m of marks) {
    const when = exact && m.fromMs === m.toMs ? shortTime(m.fromMs) : `${shortTime(m.fromMs)} – ${shortTime(m.toMs)}`;
    out.push(
      `<rect class="mk" data-n="${m.n}" x="${m.x1.toFixed(1)}" y="${y + 3}" width="${Math.max(m.x2 - m.x1, 2).toFixed(1)}" height="${LANE - 6}">` +
        `<title>${eventLabel(lane.event, m.n)}, ${when}</title></rect>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

interface Mark {
  x1: number;
  x2: number;
  n: number;
  fromMs: number;
  toMs: number;
}

/** Buckets to marks: neighbours closer than `gap` px merge, so there are at most PLOT / gap + 1. */
function merge(lane: Lane, x: (ms: number) => number, gap: number): Mark[] {
  const marks: Mark[] = [];
  for (const b of lane.buckets) {
    const endMs = b.startMs + lane.widthMs - (lane.widthMs === 1 ? 1 : 0);
    const x1 = x(b.startMs);
    const x2 = lane.widthMs === 1 ? x1 : x(b.startMs + lane.widthMs);
    const last = marks[marks.length - 1];
    if (last && x1 - last.x1 < gap) {
      last.x2 = Math.max(last.x2, x2);
      last.n += b.count;
      last.toMs = endMs;
    } else {
      marks.push({ x1, x2, n: b.count, fromMs: b.startMs, toMs: endMs });
    }
  }
  // A one-pixel-wide exact mark is centred on its time.
  for (const m of marks) if (m.x2 - m.x1 < 2) m.x1 -= 1;
  return marks;
}
