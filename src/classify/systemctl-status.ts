/*
 * The lines `systemctl status` prints above a unit's journal, as people paste them into bug
 * reports. Read from systemd's print_status_info (src/systemctl/systemctl-show.c, v246-v256; the
 * same layout since v200 in systemctl.c): a header `<glyph> <unit> - <description>`, then fields
 * right-aligned on their colon (`     Loaded:`, `     Active:`, `   Main PID:`, `TriggeredBy:`),
 * the CGroup's and drop-ins' trees (`├─`, `└─`; `|-` and `` `- `` without UTF-8), then the journal.
 *
 * What each part says: the state (`Active:`) and how the processes ended (`Main PID:`,
 * `Process:`) are where a failure shows; the Result, a non-zero status or a fatal signal make a
 * signal, a state that did not fail is context. The rest describes the unit (its file, drop-ins,
 * documentation, resource counters, process tree): noise beside its journal. A helper command's
 * failure (`ExecStartPre=`, `ExecStop=`) is context: systemd only fails the unit for it when the
 * unit says so, and then `Active:` says failed. The journal lines below are read as any log.
 */

export const UNIT_NOISE = 1;
export const UNIT_CONTEXT = 2;
export const UNIT_SIGNAL = 3;
/** `Active: activating (auto-restart)`: the main process ended and systemd restarts the unit (Restart=). */
export const UNIT_RESTART = 4;

/** A status field, right-aligned on its colon (only TriggeredBy, the longest name, starts the line). */
const FIELD = /^(?:TriggeredBy|(?: {1,12})(Loaded|Active|Main PID|Cntrl PID|Process|Status|Error|Docs|Drop-In|Follows|Transient|TriggeredBy|Triggers|Trigger|Condition|Assert|Device|Where|What|Listen|Accepted|IP|IO|Tasks|Memory|Mem peak|Swap peak|CPU|CGroup|Invocation|Duration|Notify Access|FD Store)): /;
/** The header: the unit's state glyph (● ○ × ↻ ◆ *), its name with a unit suffix, its description. */
const HEADER = /^([●○×↻◆*]) \S+\.(service|socket|timer|mount|automount|swap|target|path|slice|scope|device)(?: - .*)?$/;
/** A tree line under CGroup or Drop-In, indented to the value column. */
const TREE = /^ {6,}(?:[├└│]─|\|-|`-)/;
/** How a process ended (sigchld_code_to_string, signal_to_string): a clean exit or a stop signal is not a failure. */
const ENDED_BADLY = /\(code=(?:exited, status=[1-9]\d*|(?:killed|dumped), signal=(?!TERM\b|HUP\b|INT\b|PIPE\b)\w+)/;

/** UNIT_NOISE, UNIT_CONTEXT, UNIT_SIGNAL or UNIT_RESTART for a line of `systemctl status` output, 0 for any other line. */
export function systemctlStatusLine(message: string): number {
  const h = HEADER.exec(message);
  // systemd ≥ 252 draws a failed unit's glyph as ×; a header otherwise only names the unit.
  if (h !== null) return h[1] === '×' ? UNIT_SIGNAL : UNIT_NOISE;
  if (TREE.test(message)) return UNIT_NOISE;
  const f = FIELD.exec(message);
  if (f === null) return 0;
  const value = message.slice(f[0].length);
  switch (f[1]) {
    case 'Active':
      // The service's sub-state auto-restart (src/core/service.c SERVICE_AUTO_RESTART, v200+;
      // auto-restart-queued v254+) waits out RestartSec= before the next start: the restart is
      // told here and nowhere else when the paste holds no journal line of it. A failed state
      // carries no event: the journal below tells the death, or the excerpt holds none.
      if (/^activating \(auto-restart(?:-queued)?\)/.test(value)) return UNIT_RESTART;
      return /^failed\b|\(Result: /.test(value) ? UNIT_SIGNAL : UNIT_CONTEXT;
    case 'Loaded':
      return /^(?:error|not-found|bad-setting|masked)\b|\(Reason: /.test(value) ? UNIT_SIGNAL : UNIT_NOISE;
    case 'Main PID':
      return ENDED_BADLY.test(value) ? UNIT_SIGNAL : UNIT_NOISE;
    case 'Process':
      if (!ENDED_BADLY.test(value)) return UNIT_NOISE;
      return /^\d+ ExecStart=/.test(value) ? UNIT_SIGNAL : UNIT_CONTEXT;
    case 'Error':
    case 'Assert':
      return UNIT_SIGNAL;
    case 'Status':
    case 'Condition':
    case 'Duration':
      return UNIT_CONTEXT;
    default:
      return UNIT_NOISE;
  }
}
