import { readFileSync } from 'node:fs';
import type { LifecycleEvent } from '../../src/model/record.js';

export interface FixtureEvent {
  event: LifecycleEvent;
  timeMs: number;
}

const LINE = /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)\] .*?(Booting worker|WORKER TIMEOUT|Worker exiting|terminated due to signal 9)/;
const EVENT: Record<string, LifecycleEvent> = {
  'Booting worker': 'boot',
  'WORKER TIMEOUT': 'timeout',
  'Worker exiting': 'exit',
  'terminated due to signal 9': 'kill',
};

/** The lifecycle events of the seed incident, in file order (the classifier's job, done by regex). */
export function incidentEvents(): FixtureEvent[] {
  const text = readFileSync(new URL('../fixtures/seed-incident/gunicorn-numpy.log', import.meta.url), 'utf8');
  const out: FixtureEvent[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) out.push({ event: EVENT[m[5]], timeMs: Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) });
  }
  return out;
}

export const at = (hms: string): number => Date.parse(`2023-03-15T${hms}+09:00`);
