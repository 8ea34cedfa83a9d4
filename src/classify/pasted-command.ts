/*
 * A command the reporter typed, pasted with the log it printed: a shell prompt and what follows
 * it, or a bare invocation of the container and service tools whose output people paste. It is
 * part of the paste, not of the log: nothing in it happened to the process. Read from the prompts
 * shells print by default: bash's `\u@\h:\w\$ ` (Debian, Ubuntu), `[\u@\h \W]\$ ` (Fedora, RHEL,
 * CentOS), macOS's `\h:\W \u\$ `, zsh's `%n@%m %1~ %# `, PowerShell's `PS C:\path> `, and the bare
 * `$ ` / `# ` that documentation writes (root's `#`).
 */

/** `[root@host dir]# cmd`, `user@host:~/dir$ cmd`, `host:dir user$ cmd`, `user@host dir % cmd`, `PS C:\> cmd`. */
const PROMPT = new RegExp(
  '^(?:' +
    [
      '\\[[\\w.-]+@[\\w.-]+ [^\\]]{1,60}\\][#$] ?',
      '[\\w.-]+@[\\w.-]+:[~/][^\\s$#]{0,80}[#$] ?',
      '[\\w.-]+:[~/\\w.-]{1,60} [\\w.-]+[#$] ',
      '[\\w.-]+@[\\w.-]+ [~/\\w.-]{1,60} [%#$] ',
      'PS [A-Za-z]:\\\\[^>]{0,80}> ',
    ].join('|') +
    ')',
);

/**
 * `$ kubectl logs ...`: a lone `$` then a command word in lower case. A lone `#` (root's prompt)
 * only before a tool's invocation or a common shell command: programs print `# ` banners and
 * comments too (`# logspout v3.1 by gliderlabs`), and a JVM fatal error report's lines start with
 * `# ` (`# A fatal error has been detected`, `#  SIGSEGV (0xb)`, `# Problematic frame:`).
 */
const DOLLAR_PROMPT = /^\$ (?:sudo )?[a-z][\w.-]*(?: |$)/;
const HASH_PROMPT = /^# (?:sudo )?(?:kill|pkill|cat|tail|less|grep|ps|dmesg|ls|cd|curl|free|top|uname)(?: |$)/;

/**
 * The tools whose output people paste, invoked with a subcommand or an option: `docker run ...`,
 * `kubectl describe pod ...`, `systemctl status x`, `journalctl -u x`. A program's own log line
 * does not start with the name of one of them followed by one of its subcommands.
 */
const INVOCATION =
  /^(?:sudo )?(?:docker(?:-compose)?|podman|kubectl|oc|helm|minikube|systemctl|journalctl|service) (?:-{1,2}[a-z]|(?:run|exec|logs|start|stop|restart|status|up|down|ps|compose|describe|get|apply|rollout|install|upgrade|inspect|top|pull|build)\b)/;

/** The line is a prompt and command, or a tool's invocation, that the paste carries. */
export function isPastedCommand(message: string): boolean {
  const m = message.trimStart();
  if (PROMPT.test(m) || DOLLAR_PROMPT.test(m) || HASH_PROMPT.test(m) || INVOCATION.test(m)) return true;
  return m.startsWith('# ') && INVOCATION.test(m.slice(2));
}
