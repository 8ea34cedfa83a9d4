import { closeSync, openSync, readSync } from 'node:fs';
import { decodeContainerLine } from '../decode/container-line.js';
import { stripLinePrefix } from '../decode/line-prefixes.js';
import { podFromLogPath } from '../decode/pod-identity.js';
import { parseAppLine } from '../parse/app-line.js';
import { podKey } from '../state/pod-key.js';

/** A first line longer than this is not looked at whole: its time is at its start. */
const HEAD_BYTES = 64 * 1024;

/**
 * The inputs in reading order: the kubelet files of one pod (one per container instance) by the
 * time of their first line, in the places those files held in the list; everything else as given.
 * Container ids are random, so `ls`/shell-glob order is not the order the containers ran in, and
 * reading a later instance first would count restarts backwards.
 */
export function orderInputs(inputs: string[]): string[] {
  const byPod = new Map<string, number[]>();
  inputs.forEach((path, i) => {
    const pod = path === '-' ? undefined : podFromLogPath(path);
    if (pod === undefined) return;
    const key = podKey(pod);
    const slots = byPod.get(key);
    if (slots) slots.push(i);
    else byPod.set(key, [i]);
  });
  const out = [...inputs];
  for (const slots of byPod.values()) {
    if (slots.length < 2) continue;
    const files = slots.map((i) => ({ path: inputs[i], time: firstLineTime(inputs[i]) }));
    // Stable: files whose first line has no time keep their relative order, after the dated ones.
    files.sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity));
    slots.forEach((slot, k) => (out[slot] = files[k].path));
  }
  return out;
}

/** The time of a file's first line (container framing, a tool's prefix, or the app's own), if it has one. */
export function firstLineTime(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    let text = buf.toString('utf8', 0, n);
    const nl = text.indexOf('\n');
    if (nl >= 0) text = text.slice(0, nl);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text === '') return undefined;
    const line = stripLinePrefix(decodeContainerLine(text));
    const t = line.timeMs ?? parseAppLine(line.text).timeMs;
    return t !== undefined && Number.isFinite(t) ? t : undefined;
  } catch {
    // Unreadable files are reported by checkInputs/readInputs; here they just keep their place.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
