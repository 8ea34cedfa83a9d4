import { MultilineGrouper, type LineGroup, type MultilineOptions } from '../../src/group/multiline-grouper.js';

export const ROOMY: MultilineOptions = { maxLines: 500, maxBytes: 262_144, flushAfterMs: 1000, maxStreams: 100 };

/** A grouper that collects what it emits, with the stream key kept in `context`. */
export function collecting(opts: Partial<MultilineOptions> = {}): { g: MultilineGrouper; out: LineGroup[] } {
  const out: LineGroup[] = [];
  const g = new MultilineGrouper({ ...ROOMY, ...opts }, (group) => out.push(group));
  return { g, out };
}

export function pushAll(g: MultilineGrouper, key: string, lines: string[], observedMs = 0): void {
  for (const text of lines) g.push(key, { text, observedMs, context: key });
}

/** Shape of the output for exact comparison: [kind, line count]. */
export function shape(groups: LineGroup[]): [string, number][] {
  return groups.map((g) => [g.kind, g.lines.length]);
}

export const GUNICORN_TRACEBACK = [
  '[2023-03-15 09:42:07 +0900] [9] [ERROR] Exception in worker process',
  'Traceback (most recent call last):',
  '  File "/usr/lib/python3.9/site-packages/gunicorn/arbiter.py", line 589, in spawn_worker',
  '    worker.init_process()',
  '  File "/usr/lib/python3.9/site-packages/gunicorn/workers/base.py", line 134, in init_process',
  '    self.load_wsgi()',
  '  File "/app/main.py", line 3, in <module>',
  '    import numpy as np',
  "ModuleNotFoundError: No module named 'numpy'",
  '[2023-03-15 09:42:07 +0900] [9] [INFO] Worker exiting (pid: 9)',
];

export const CHAINED_TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/app/db.py", line 10, in connect',
  '    return pools["primary"].get()',
  "KeyError: 'primary'",
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "/app/main.py", line 5, in <module>',
  '    db.connect()',
  '  File "/app/db.py", line 12, in connect',
  '    raise ConnectionError("no primary") from exc',
  'app.db.ConnectionError: no primary',
];

export const JAVA_STACK = [
  'Exception in thread "main" java.lang.IllegalStateException: pool exhausted',
  '\tat com.example.Pool.borrow(Pool.java:42)',
  '\tat com.example.Main.main(Main.java:10)',
  'Caused by: java.net.ConnectException: Connection refused',
  '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
  '\t... 2 more',
  '\tSuppressed: java.io.IOException: close failed',
  '\t\tat com.example.Pool.close(Pool.java:80)',
];
