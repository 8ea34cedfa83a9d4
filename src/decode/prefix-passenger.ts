import { IdentityTable, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';

/**
 * What Phusion Passenger relays of its application processes' output: `App <pid> <channel>:
 * <line>` (src/cxx_supportlib/LoggingKit/Implementation.cpp realLogAppOutput, Passenger 6.0.24:
 * "App " pid " " channel ": " message; channel `output` for the merged stdout and stderr in
 * Passenger 6, `stdout` / `stderr` in Passenger 5). The line after it is the application's own;
 * the prefix names no pod (the app process is one of the pod's), so lines keep the input's
 * identity, and each app process gets its own multi-line groups.
 */

const table = new IdentityTable('passenger');
const APP = 'App ';
const CHANNELS = ['output', 'stdout', 'stderr'] as const;

export const passengerAppPrefix: LinePrefixParser = {
  tool: 'passenger',
  starts: ['name-number'],
  parse(text: string): PrefixMatch | undefined {
    if (!text.startsWith(APP)) return undefined;
    let i = APP.length;
    while (i < APP.length + 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === APP.length || text.charCodeAt(i) !== 32) return undefined;
    const pidEnd = i;
    i++;
    const channel = CHANNELS.find((c) => text.startsWith(c, i));
    if (channel === undefined || text.charCodeAt(i + channel.length) !== 58) return undefined;
    i += channel.length + 1;
    // `: ` then the line; an empty line may have lost its space to trimming.
    if (text.charCodeAt(i) === 32) i++;
    else if (i < text.length) return undefined;
    const stream = channel === 'stderr' ? 'stderr' : channel === 'stdout' ? 'stdout' : undefined;
    return { end: i, identity: table.get(text, 0, pidEnd, () => ({})), ...(stream === undefined ? {} : { stream }) };
  },
};
