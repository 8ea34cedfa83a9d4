/*
 * What an unleveled line says about itself when no rule knows it. Many lines that matter carry no
 * level field: a runtime's own abort (`... --- aborting!`), a kernel line (`segfault at 0 ip ...`),
 * a tool's `Error: ...` behind a dash, a supervisor's `... failed`. Without a level the default
 * would call them context like any chatter, so the words decide instead: words that say the
 * process died (`abort`, `fatal`, `panic`, `segfault`, `core dumped` or systemd-coredump's `dumped core`,
 * `out of memory`, `crashed`, a process that `terminated abnormally` or `exited unexpectedly`, a C
 * server's `Failing assertion`) make a signal every time, as an ERROR line is; words that say
 * something failed (`error`, `exception`, `failed`, `timed out`, a child that `died` or was `killed`, as
 * in bash's job report `186 Killed  cmd`) make a signal too unless the message repeats past the
 * repetition threshold (then it is noise, as a WARN line would be). A negation right before the
 * word (`no error`, `0 failed`, `without error`), or a `be` that makes it a plan (`it will be
 * killed and re-created`: a Kubernetes Normal event) does not count, nor does the plural `errors`
 * (counters: `errors: 0`).
 * Run once per message shape (the classifier caches the answer on the template entry).
 */

export const NO_WORDS = 0;
export const ERROR_WORDS = 1;
export const CRASH_WORDS = 2;
/** A call that did not succeed, a raised class, a non-zero exit: a failure, but not one a debug line makes context. */
export const CALL_FAILED_WORDS = 3;

const CRASH = /\b(?:abort(?:ed|ing)?|fatal|panic(?:ked)?|segfault|segmentation fault|core dumped|dumped core|out of memory|crashed|crashing|failing assertion|(?:terminated|exited|died|ended) (?:abnormally|unexpectedly)|SIG(?:SEGV|ABRT|BUS|ILL|FPE))\b/i;
const ERROR = /\b(?:error|exception|failed|failure|died|killed|timed out)\b/gi;
/**
 * What a start-up notice says is not there without anything failing: an optional module, plugin,
 * library, GPU or backend (log4j's `no log4j-web module available`, `No CUDA GPUs are available`),
 * or an update or a newer version.
 */
const OPTIONAL = '(?:modules?|plugins?|extensions?|librar(?:y|ies)|backends?|drivers?|gpus?|cuda|updates?|upgrades?|versions?|releases?|packages?|new|newer|are|is)';
/**
 * What C's strerror, the shells and most programs print for a call that did not succeed
 * (`cannot open`, `Unable to load`, `Couldn't start`, `Can't handle`, `Connection refused`,
 * `Permission denied`, `No such file or directory`, `killing current process`), and an exit with a
 * non-zero code or status (`exited with code 2`, `exit status 1`, docker's `Exited (1)`, `"ExitCode":
 * 132`). Weaker than the words above: a debug line saying so stays noise.
 * With them, what is missing that should be there (ABSENT): a peer that did not answer (`no reply
 * from` in Ceph's heartbeat_check, net-snmp's `Timeout: No Response from %s`, Go clients' `no
 * response from %s` errors), a resource with none left (strerror's `No route to host`, `No space
 * left on device`, `No buffer space available`, `No locks available`; dnsmasq's `no address range
 * available`, HAProxy's `has no server available!`; never OPTIONAL things), and what broke an
 * expectation or a limit (`unexpected EOF`, `Unexpected response code: 500`, `deadline exceeded`,
 * `Loop time exceeded`).
 */
/** A peer that did not answer, a route or a resource with none left (line-vocabulary.ts reads the same). */
export const ABSENT_PHRASES = `no (?:reply|response|answer) from|no route to host|no (?:(?!${OPTIONAL}\\b)[\\w-]+ ){1,3}(?:available|left)`;
const ABSENT = `\\b(?:${ABSENT_PHRASES}|no space left|unexpected|exceeded)\\b`;
const CALL_FAILED = new RegExp(
  ABSENT + '|' +
    "\\b(?:unable to|cannot|can't|couldn't|could not|refused|denied|no such file|killing)\\b|" +
    '\\bexit(?:ed|s)?(?: with)?(?: exit)? ?(?:code|status)?[ :=[("]*[1-9]\\d{0,2}\\b',
  'gi',
);
/**
 * The class of what was raised, named in CamelCase (`DB::NetException`, `MatchError`, `NoMethodError`,
 * a limit's `TimeLimitExceeded`, gRPC's `DeadlineExceeded`; case matters: `terror` is no error).
 */
const RAISED = /[a-z:](?:Error|Exception|Exceeded)\b/g;
const NEGATION = /(?:\bno|\b0|\bwithout|\bzero|=|\bbe)\s*$/i;

/** NO_WORDS, ERROR_WORDS, CALL_FAILED_WORDS or CRASH_WORDS for a message with no level of its own. */
export function failureWords(message: string): number {
  if (CRASH.test(message)) return CRASH_WORDS;
  if (spoken(ERROR, message)) return ERROR_WORDS;
  return spoken(CALL_FAILED, message) || spoken(RAISED, message) ? CALL_FAILED_WORDS : NO_WORDS;
}

/** A match of the global regex not negated right before it (`no error`, `0 failed`, `exitCode=1`'s `=` is part of it). */
function spoken(words: RegExp, message: string): boolean {
  words.lastIndex = 0;
  for (let m = words.exec(message); m !== null; m = words.exec(message)) {
    if (!NEGATION.test(message.slice(Math.max(0, m.index - 10), m.index))) return true;
  }
  return false;
}
