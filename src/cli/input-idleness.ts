import type { LineTarget } from './line-target.js';

/** A line target that also tells how long its input has been idle. */
export interface WatchedTarget {
  target: LineTarget;
  /** Milliseconds since lines last arrived; 0 while reading is held by the target. */
  idleMs(): number;
}

/**
 * Watches the input of a target for idleness: no lines delivered, and reading not held by the
 * target (output backpressure, busy workers). Only then may a pending multi-line group go out for
 * being quiet: while reading is held, or a write to a slow reader blocks, the group's next line
 * may be waiting unread, and a flush by wall time would cut the group in two.
 */
export function watchIdleness(inner: LineTarget, clock: () => number = Date.now): WatchedTarget {
  let held = false;
  let lastLines = clock();
  const target: LineTarget = {
    lines: (lines, pod, streamKey, containerId) => {
      inner.lines(lines, pod, streamKey, containerId);
      // After the call: its output may have blocked for a while in a synchronous write.
      lastLines = clock();
    },
    lineBlock:
      inner.lineBlock === undefined
        ? undefined
        : (block, pod, streamKey, containerId, maxLineBytes) => {
            inner.lineBlock?.(block, pod, streamKey, containerId, maxLineBytes);
            lastLines = clock();
          },
    ready: () => inner.ready(),
    whenReady: (resume) => {
      held = true;
      inner.whenReady(() => {
        held = false;
        lastLines = clock();
        resume();
      });
    },
    finish: () => inner.finish(),
    readBytes: inner.readBytes,
  };
  return { target, idleMs: () => (held ? 0 : clock() - lastLines) };
}
