/*
 * A command the reporter typed, pasted with the log it printed: a shell prompt and what follows
 * it, or a bare invocation of the container and service tools whose output people paste. It is
 * part of the paste, not of the log: nothing in it happened to the process. Read from the prompts
 * shells print by default: bash's `\u@\h:\w\$ ` (Debian, Ubuntu; Raspberry Pi OS puts a space
 * before the `$`), `[\u@\h \W]\$ ` (Fedora, RHEL, CentOS), Gentoo's `\h \W \$ `, macOS's
 * `\h:\W \u\$ `, zsh's `%n@%m %1~ %# `, oh-my-zsh's default theme `➜  dir git:(branch) ✗ ` and
 * the `❯ ` of pure and starship, cmd.exe's `C:\path>`, PowerShell's `PS C:\path> `, a Python
 * virtualenv's or conda's `(name) ` before any of them, and the bare `$ ` / `# ` that
 * documentation writes (root's `#`).
 */

/** The prompts with a user, host or path: `[root@host dir]# `, `user@host:~/dir$ `, `host:dir user$ `, `PS C:\> `, ... */
const PROMPT = new RegExp(
  '^(?:' +
    [
      '\\[[\\w.-]*@[\\w.-]+[ :][^\\]]{0,60}\\][#$] ?',
      '[\\w.-]+@[\\w.-]+:[~/][^\\s$#]{0,80} ?[#$] ?',
      // `root:~# ` and a bare working directory, `/usr/src/app# ` (a container's shell with no user@host).
      '(?:[\\w.-]+:)?[~/][^\\s$#]{0,80}[#$] (?=\\S)',
      '[\\w.-]+:[~/\\w.-]{1,60} [\\w.-]+[#$] ',
      '[\\w.-]+@[\\w.-]+ [~/\\w.-]{1,60} [%#$] ',
      '[\\w.-]+ [~/][\\w./-]{0,60} [#$] ',
      'PS [A-Za-z]:\\\\[^>]{0,80}> ',
      '[A-Z]:\\\\[^>:*?"<|]{0,120}>(?=[a-z])',
    ].join('|') +
    ')',
);

/**
 * oh-my-zsh's robbyrussell theme (the arrow, the directory, `git:(branch)`, `✗` when dirty), pure's
 * and starship's `❯`, at the start of the line: dev servers print an indented `  ➜  Local:` banner.
 */
const ARROW_PROMPT = /^(?:➜|❯) +(?:[\w.~/-]+ +git:\([^)]*\) *(?:✗ *)?)?(?=[a-z./])/;

/**
 * `$ kubectl logs ...`: a lone `$` then a command word in lower case, a path to a program, or a
 * variable being set (`$ ./cluster/kubectl.sh`, `$ RAY_HEAD=$(kubectl ...)`); or a `$` alone, the
 * prompt with nothing typed. A lone `#` (root's prompt) only before a tool's invocation or a
 * common shell command: programs print `# ` banners and comments too (`# logspout v3.1 by
 * gliderlabs`), and a JVM fatal error report's lines start with `# ` (`# A fatal error has been
 * detected`, `#  SIGSEGV (0xb)`, `# Problematic frame:`). Without the space after the `$` or `#`
 * (`$kubectl get events`, `#free -h`) only before such a tool: `$var` and `#1` are not prompts.
 */
const DOLLAR_PROMPT = /^\$(?: (?:sudo )?(?:[a-z][\w.-]*|\.{0,2}\/[\w./-]+|[A-Z_][A-Z0-9_]*=\S*)(?: |$)| *$)/;
const SHELL_TOOL = '(?:sudo )?(?:kubectl|docker(?:-compose)?|podman|systemctl|journalctl|kill|pkill|cat|tail|less|grep|ps|dmesg|ls|cd|curl|free|top|uname)(?: |$)';
const HASH_PROMPT = new RegExp(`^(?:# ?${SHELL_TOOL}|\\$${SHELL_TOOL})`);

/**
 * The tools whose output people paste, invoked with a subcommand or an option: `docker run ...`,
 * `kubectl describe pod ...` (or its usual alias `k`), `systemctl status x`, `journalctl -u x`,
 * SysV's `service x status`, `pm2 list`, `supervisorctl status`, `npm start`, `bundle exec puma`,
 * `su app -c cmd`, `tail -f file`. A program's own log line does not start with the name of one of
 * them followed by one of its subcommands.
 */
const INVOCATION = new RegExp(
  '^(?:sudo )?(?:' +
    [
      '(?:docker(?:-compose)?|podman|kubectl|k|oc|helm|minikube|systemctl|journalctl|service) (?:-{1,2}[a-z]|(?:run|exec|logs|start|stop|restart|status|up|down|ps|compose|describe|get|apply|rollout|install|upgrade|inspect|top|pull|build)\\b)',
      'service [\\w.@-]+ (?:start|stop|restart|reload|status|force-reload)\\b',
      '(?:pm2|supervisorctl) (?:start|stop|restart|reload|status|list|ls|logs|delete|describe|show|monit|kill)\\b',
      '(?:npm|yarn|pnpm) (?:start|test|install|ci|run(?! v\\d)|exec)\\b',
      'bundle exec ',
      'su [\\w.-]+ -c ',
      '(?:cat|tail|head|less|grep|egrep) (?:-[a-zA-Z]|[~./\\w][\\w./~-]*$)',
    ].join('|') +
    ')',
);

/** A virtualenv's or conda's `(name) ` that the shell puts before its prompt. */
const ENVIRONMENT = /^\([\w.-]{1,40}\) (?=\S)/;

/** `./program -x ...`: a program in the working directory run with an option (its own errors say `./program: ...`). */
const LOCAL_PROGRAM = /^\.\/[\w.-]+ -{1,2}[a-zA-Z]/;

/**
 * `uvicorn --workers 1 ...`, `bbb-conf --status`: a word, perhaps a subcommand, then a long option.
 * Weaker than the shapes above: a line saying something failed is not read as one (chatter-shape.ts).
 */
const LONG_OPTION_COMMAND = /^[a-z][\w.-]*(?: [a-z][\w-]*)? --[a-z][\w-]*(?:[= ]\S|$)/;

/** The line is a prompt and command, or a tool's invocation, that the paste carries. */
export function isPastedCommand(message: string): boolean {
  if (ARROW_PROMPT.test(message)) return true;
  const m = message.trimStart().replace(ENVIRONMENT, '');
  if (PROMPT.test(m) || DOLLAR_PROMPT.test(m) || HASH_PROMPT.test(m) || INVOCATION.test(m) || LOCAL_PROGRAM.test(m)) return true;
  return m.startsWith('# ') && INVOCATION.test(m.slice(2));
}

/** A word and a long option (`uvicorn --workers 1`): a command line only when no word of failure says otherwise. */
export function looksLikeCommandLine(message: string): boolean {
  return LONG_OPTION_COMMAND.test(message.trimStart());
}
