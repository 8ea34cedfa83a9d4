/**
 * The multi-line group kinds (multiline-grouper.ts) that are a stack trace or a crash report:
 * without a rule such a record is a signal, and it is evidence of an application error for the
 * restart-loop cause. One list, so the classifier and the pipeline cannot disagree on a new kind.
 */
export const STACK_KINDS: ReadonlySet<string> = new Set([
  'python-traceback', 'java-stack', 'go-panic', 'go-fatal', 'go-stack', 'node-fatal', 'node-uncaught', 'ruby-exception', 'ruby-backtrace',
  'redis-bug-report', 'stack-frames',
]);
