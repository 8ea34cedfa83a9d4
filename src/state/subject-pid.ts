/**
 * The process a lifecycle message is about, when it names one: gunicorn "Booting worker with
 * pid: 8" / "WORKER TIMEOUT (pid:9)" / "Worker with pid 9 was terminated", uWSGI "HARAKIRI ON
 * WORKER 4 (pid: 10469)", pm2 "with id [0] and pid [12120]", puma "Worker 0 (PID: 12)",
 * supervisord "with pid 1043", uvicorn/hypercorn "Started server process [8]".
 *
 * Not the header's pid (LogRecord.pid): that is the process that *wrote* the line, often the
 * master reporting on a child (gunicorn's `[1] WORKER TIMEOUT (pid:9)`, nginx's `1#1: start
 * worker process 35`), so it would merge different workers. Run only for records with an event.
 */
const PID = /\bpid\b[\s:=#]{0,3}\[?(\d{1,10})\b/i;
const PROCESS = /\bprocess \[(\d{1,10})\]/;

export function subjectPid(message: string): number | undefined {
  const m = PID.exec(message) ?? PROCESS.exec(message);
  return m === null ? undefined : Number(m[1]);
}
