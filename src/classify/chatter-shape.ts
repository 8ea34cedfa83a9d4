import { Severity } from '../model/severity.js';
import { isFrameLine } from '../group/frame-shapes.js';
import { NO_WORDS, failureWords } from './failure-words.js';
import { isPastedCommand, looksLikeCommandLine } from './pasted-command.js';
import { systemctlStatusLine } from './systemctl-status.js';

/*
 * What a message's shape says about it when no rule knows it and its header gave no level: a lone
 * paste artefact, a shell's trace of the command it runs, a debug level left in the text, or the
 * shape of a stack frame or of an indented continuation (which must never be set aside as chatter:
 * grouping may have failed to join it to its trace). Run once per message shape.
 */

/** `^C` (a terminal's echo of Ctrl+C, Ctrl+\, Ctrl+Z), or a bare number printed alone: nothing to read. */
export const ARTEFACT = 1;
/** `+ cmd args`: a shell's `set -x` trace of a start script's command; what the command prints follows. */
export const SHELL_TRACE = 2;
/** A stack frame, a frame's location, or an indented line: part of something longer, never chatter. */
export const CONTINUATION = 4;
/** A debug or trace level in the text (a viewer's column, `level=debug`, `"level":"debug"`, `DEBU[`). */
export const DEBUG_TEXT = 8;
/** A stack frame alone: a Go frame or its file line, a V8 native frame, a Python `File` line, an `at` frame. */
export const FRAME = 32;
/** An HTTP request line (a method or a protocol version): its status, which shapes mask, is read per line. */
export const HTTP_REQUEST = 16;
/** With DEBUG_TEXT: the level in the text is trace, not debug. */
export const TRACE_TEXT = 64;
/** A prompt and the command typed at it, or a tool's invocation, pasted with the log (pasted-command.ts). */
export const PASTED_COMMAND = 128;
/** A program's usage text: an option, its argument and its description (`  --directory arg   Directory to scan`). */
export const USAGE_TEXT = 2048;
/** A line of `systemctl status` output: its reading (systemctl-status.ts UNIT_*) sits in these three bits. */
export const UNIT_STATUS_SHIFT = 8;
export const UNIT_STATUS_MASK = 7 << UNIT_STATUS_SHIFT;

const CONTROL_ECHO = /^(?:\^[A-Z@[\\\]^_?])+$/;
const BARE_NUMBER = /^\d{1,6}$/;
/** A date or a time of day alone (a viewer's column pasted on its own line, a header with an empty message). */
const BARE_TIME = /^(?:(?:\d{4}[-/.]\d{2}[-/.]\d{2}|\d{1,2}[-/]\d{1,2}[-/]\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?|\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(?: ?[AaPp][Mm])?$/;
/**
 * What the tools around a log print into the paste, not the process: journalctl's range and boot
 * markers and the catalog's header fields under `-x` (systemd journalctl.c, "-- Logs begin at %s,
 * end at %s. --", "-- Journal begins at", "-- Boot %s --", "-- Reboot --", "-- No entries --";
 * catalog "-- Subject:", "-- Defined-By:", "-- Support:", "-- Documentation:", and the catalog's text
 * under them, which explains the journal line above it: catalog/systemd.catalog.in, "Unit @UNIT@ has
 * failed.", "The result is @JOB_RESULT@.", "A start job for unit @UNIT@ has begun execution.", "The
 * job identifier is @JOB_ID@.", "An ExecStart= process belonging to unit @UNIT@ has exited.", "The
 * process' exit code is ...", "Automatic restarting of the unit ...", "The unit @UNIT@ has entered
 * the 'failed' state ..."), kubectl's note on
 * which container of a pod it reads (kubectl podcmd "Defaulted container %q out of: %s", 1.22+),
 * and less's prompt under systemctl and journalctl (`lines 1-13/13 (END)`).
 */
const TOOL_FRAME =
  /^(?:-- (?:Logs begin at |Journal begins at |Boot [0-9a-f]{32} --$|Reboot --$|No entries --$|(?:Subject|Defined-By|Support|Documentation): |(?:Unit \S+ has |The (?:result is |job identifier is |process' exit code is |unit \S+ has )|An? (?:start|stop|reload) job for unit |An ExecStart= process belonging to unit |Automatic restarting of the unit ))|Defaulted container "[^"]+" out of: |lines \d+-\d+(?:\/\d+)?(?: \(END\))?$)/;
/**
 * What the reporter wrote in place of lines left out: a placeholder in angle brackets
 * (`<omitted for brevity>`, `<stacktrace>`, `<< repeat 118 times >>`) or an ellipsis character.
 * V8's `<--- Last few GCs --->` heads are not: their dashes keep them out.
 */
const PLACEHOLDER = /^(?:<{1,2} ?[A-Za-z][\w ,.']{0,60}? ?>{1,2}|…+)$/;
/**
 * An option as usage text lists it (boost::program_options, argparse, getopt's help): the option,
 * its argument (`arg`, `<file>`, `FILE`, `[=N]`), two spaces or more, its description.
 */
const USAGE_OPTION = /^\s*-{1,2}[a-zA-Z][\w-]*(?:[ =](?:arg|<[^>]+>|[A-Z][A-Z_]*|\[[^\]]+\]))?(?:, -{1,2}[\w-]+(?:[ =]\S+)?)?\s{2,}[A-Z]/;
const XTRACE = /^\+{1,3} [^\s+]/;
/** A frame's source location or program-counter offset anywhere (behind a header no parser took). */
const SOURCE_LOCATION = /\/[\w./-]+\.(?:go|py|rb|js|mjs|ts|java|kt|scala|c|cc|cpp|h|rs|php|ex|erl):\d+|\s\+0x[0-9a-f]+\b|#011/;
const HTTP_WORD = /\b(?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|CONNECT)\s+\S|\bHTTP\/\d/;
/** A status of 400 or more as an access line writes it: a word of its own, or after HTTP/x. */
const HTTP_FAILURE = /(?:^|[\s"*])[45]\d\d(?=[\s"*,]|$)/;
/**
 * A debug/trace level as a log header writes it, near the start: a column of its own (tab,
 * `|`, brackets), `level=` / `lvl=` / `severity=`, a JSON `"level":`, logrus' `DEBU[`, log15's
 * `DBUG[`, a viewer's `Debug` column, or JSON cut before its key (`"debug","ts":`).
 */
const DEBUG_LEVEL = new RegExp(
  '^.{0,60}?(?:' +
    [
      '(?:^|[\\s[|(<])(?:TRACE|TRCE|TRC|DEBUG|DEBU|DBUG|DBG|Debug|Trace|Verbose)(?=[\\]|:[(\\t>]|\\s{2}|\\s-\\s|\\s\\[|$)',
      // winston's and similar lower-case columns (`] debug: `, `) debug: `); `trace` only bracketed, as `Stack trace:` is no level.
      '(?:^|[\\s[(])debug(?=:\\s|\\])|\\[trace\\]',
      '\\b(?:level|lvl|severity)=["\']?(?:debug|dbug|trace|DEBUG|TRACE)\\b',
      '"(?:level|lvl|severity)":\\s*"(?:debug|trace|DEBUG|TRACE)"',
      '^"(?:debug|trace)","ts":',
      // zerolog's ConsoleWriter after its time (`12:20PM TRC Closing ...`, `DBG`).
      '\\d(?:[AP]M)? (?:TRC|DBG) (?=\\S)',
    ].join('|') +
    ')' +
    // Python logging's `%(asctime)s - %(name)s - %(process)d - %(levelname)s - %(message)s`: the level after a long logger column.
    '|^.{0,160}? - (?:DEBUG|TRACE) - ',
);

/**
 * The shape flags of a message (ARTEFACT, PASTED_COMMAND, USAGE_TEXT, or SHELL_TRACE | FRAME | CONTINUATION |
 * DEBUG_TEXT | TRACE_TEXT | HTTP_REQUEST with a unit status reading in UNIT_STATUS_MASK), or 0.
 */
export function chatterShape(message: string): number {
  const m = message.trim();
  if (CONTROL_ECHO.test(m) || BARE_NUMBER.test(m) || BARE_TIME.test(m) || TOOL_FRAME.test(m) || PLACEHOLDER.test(m)) return ARTEFACT;
  if (USAGE_OPTION.test(message)) return USAGE_TEXT;
  if (isPastedCommand(message) || (looksLikeCommandLine(m) && failureWords(m) === NO_WORDS)) return PASTED_COMMAND;
  let flags = systemctlStatusLine(message) << UNIT_STATUS_SHIFT;
  if (XTRACE.test(m)) flags |= SHELL_TRACE;
  const c0 = message.charCodeAt(0);
  if (isFrameLine(message)) {
    flags |= FRAME | CONTINUATION;
  } else if (c0 === 32 || c0 === 9 || SOURCE_LOCATION.test(m)) {
    flags |= CONTINUATION;
  }
  if (DEBUG_LEVEL.test(message)) flags |= debugTextSeverity(message) === Severity.TRACE ? DEBUG_TEXT | TRACE_TEXT : DEBUG_TEXT;
  if (HTTP_WORD.test(message)) flags |= HTTP_REQUEST;
  return flags;
}

/** An HTTP_REQUEST message that reports a failed request (4xx, 5xx): read per line, as shapes mask the status. */
export function httpFailure(message: string): boolean {
  return HTTP_FAILURE.test(message);
}

/** The severity a DEBUG_TEXT shape reads as (TRACE when the word says so). */
export function debugTextSeverity(message: string): number {
  return /\b(?:TRACE|TRCE|TRC|Trace|trace)\b/.test(message.slice(0, 80)) ? Severity.TRACE : Severity.DEBUG;
}
