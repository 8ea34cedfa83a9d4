import { skipSgr } from './ansi.js';
import { IdentityTable, PROCESS_CHARS, scanWhile, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';

/**
 * supervisord programs relayed to the container's stdout by the supervisor-stdout event listener
 * (coderanger/supervisor-stdout supervisor_stdout.py, event_handler): `<process> | <channel> |
 * <data>`, coloured `ESC[1;3Nm<process>ESC[1;m | ESC[1;3Nm<channel>ESC[1;m | <data>` on a
 * terminal. The channel is literally `stdout` or `stderr`, which no ordinary line has there.
 * The process name becomes the container (several programs share one container).
 */

const table = new IdentityTable('supervisor');
const SEP = ' | ';

export const supervisorPrefix: LinePrefixParser = {
  tool: 'supervisor',
  starts: ['ansi', 'name-bar'],
  parse(text: string): PrefixMatch | undefined {
    const start = skipSgr(text, 0);
    const nameEnd = scanWhile(text, start, PROCESS_CHARS);
    if (nameEnd === start) return undefined;
    let i = skipSgr(text, nameEnd);
    if (!text.startsWith(SEP, i)) return undefined;
    i = skipSgr(text, i + SEP.length);
    let stream: 'stdout' | 'stderr';
    if (text.startsWith('stdout', i)) stream = 'stdout';
    else if (text.startsWith('stderr', i)) stream = 'stderr';
    else return undefined;
    i = skipSgr(text, i + 6);
    if (text.startsWith(SEP, i)) i += SEP.length;
    else if (text.length === i + 2 && text.endsWith(' |')) i += 2;
    else return undefined;
    return { end: i, identity: table.get(text, start, nameEnd, (name) => ({ container: name })), stream };
  },
};
