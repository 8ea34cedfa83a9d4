/*
 * The words that keep a line no rule knows out of noise, however often it recurs: words of
 * failure (something went wrong, or may have) and of lifecycle (a process starts, stops, exits,
 * reloads, is signalled, or a cluster member changes role). They are the general words servers
 * share for those things, not one server's wording. Checked two ways: on the hand-marked excerpt
 * sets (551 excerpts of 57 servers), no line marked signal is set aside as chatter (the ones that
 * recur with no rule have one of these words, or the shape of a stack frame or of a failed HTTP
 * request: chatter-shape.ts); and the 755 event templates Loghub derived from the logging
 * statements of 12 systems were read through them, those left without a word read one by one for
 * six of them (Linux, OpenSSH, Apache, HDFS, Spark, ZooKeeper): configuration, progress and
 * per-request lines once the words for leader elections (ZooKeeper) and core files (BGL) were in.
 *
 * Words are matched after splitting identifiers (`child_exit`, `reloadShutdown`,
 * `KernelRestarter`, `Out-of-memory`), so a hook's or a class's name counts as its words.
 * Run once per message shape (the classifier caches the answer on the template entry).
 */

import { ABSENT_PHRASES } from './failure-words.js';

export const FAILURE_VOCABULARY = 1;
export const LIFECYCLE_VOCABULARY = 2;
/** With FAILURE_VOCABULARY: a word of failure other than `warning` itself (what a WARN line says beyond its level). */
export const FAILURE_BEYOND_WARNING = 4;

/** `warning` says something may be wrong, but on a WARN line it is only the level again. */
const WARNING = /\bwarn(?:ing|ings)?\b/;

const FAILURE = new RegExp(
  '\\b(?:' +
    [
      'errors?', 'errno', 'err', 'fail(?:s|ed|ing|ure|ures)?', 'refus(?:e|ed|ing)', 'denied', 'unable', 'cannot', "can't", "couldn't",
      'could not', 'not permitted', 'forbidden', 'unauthori[sz]ed', 'timed? ?out', 'timeouts?', 'kill(?:s|ed|ing)?', 'panic(?:s|ked)?',
      'fatal(?:ly)?', 'abort(?:s|ed|ing)?', 'lost', 'unreachable', 'corrupt(?:ed|ion)?', 'invalid', 'exceptions?', 'crash(?:es|ed|ing)?',
      'segfault', 'segmentation', 'oom', 'out of memory', 'exhausted', 'no such', 'not found', 'missing',
      'broken', 'reject(?:s|ed|ing)?', 'exceed(?:s|ed|ing)?', 'overflow', 'deadlock', 'violation', 'unhealthy', 'died', 'dead',
      'traceback', 'assert(?:ion)?', 'unexpected(?:ly)?', 'unavailable', 'degraded', 'destroyed', 'reset', 'retrying', 'gave up',
      'giving up', 'disconnected', 'down', 'sig[a-z]{2,6}', 'not responding', 'unresponsive', 'no longer', 'not connected',
      'core dump(?:ed)?', 'core files?', 'generating core',
      // What should be there and is not (failure-words.ts ABSENT): an answer, a route, a resource left.
      ABSENT_PHRASES,
    ].join('|') +
    ')\\b',
);

const LIFECYCLE = new RegExp(
  '\\b(?:' +
    [
      'start(?:s|ed|ing|up)?', 'restart(?:s|ed|ing|er)?', 'listen(?:s|ed|ing)?', 'ready', 'stop(?:s|ped|ping)?', 'shut(?:ting)?', 'shutdown',
      'exit(?:s|ed|ing)?', 'signal(?:s|ed|led)?', 'reload(?:s|ed|ing)?', 'boot(?:s|ed|ing)?', 'terminat(?:e|es|ed|ing|ion)', 'spawn(?:s|ed|ing)?',
      'respawn(?:s|ed|ing)?', 'quit(?:s|ting)?', 'launch(?:es|ed|ing)?', 'online', 'offline', 'interrupt(?:s|ed)?', 'bye', 'goodbye',
      'elect(?:ed|ing|ion|ions)', 'leader(?:ship)?',
    ].join('|') +
    ')\\b',
);

/** The message as words: identifiers split at `_`, `-` and lower-to-upper case changes, lower-cased. */
function words(message: string): string {
  return message.replace(/([a-z])(?=[A-Z])/g, '$1 ').replace(/[_-]/g, ' ').toLowerCase();
}

/** FAILURE_VOCABULARY | LIFECYCLE_VOCABULARY, or 0: which of the two vocabularies the message speaks. */
export function vocabularyOf(message: string): number {
  return vocabularyBits(message) & (FAILURE_VOCABULARY | LIFECYCLE_VOCABULARY);
}

/** vocabularyOf with FAILURE_BEYOND_WARNING: what the classifier caches per message shape. */
export function vocabularyBits(message: string): number {
  const w = words(message);
  const failure = FAILURE.test(w) ? FAILURE_VOCABULARY | FAILURE_BEYOND_WARNING : WARNING.test(w) ? FAILURE_VOCABULARY : 0;
  return failure | (LIFECYCLE.test(w) ? LIFECYCLE_VOCABULARY : 0);
}
