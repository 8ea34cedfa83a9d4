// Which decision logsift made for each line of a log file: `logsift tag` on the file, each line
// given the record that holds it (a record's event on its first line). Shared by the scorers that
// compare logsift with hand marks (real-world-packs.mjs, loghub-relevance.mjs).
import { execFileSync } from 'node:child_process';

/**
 * The text a record's body line is compared with: the line itself, or for a Docker json-file
 * line (`{"log":"...\n","stream":...}`) its decoded `log` value, which is what logsift keeps as
 * the body (an excerpt pasted from /var/lib/docker/containers/<id>/<id>-json.log).
 */
function lineText(line) {
  if (!line.startsWith('{"log":')) return line;
  try {
    const log = JSON.parse(line).log;
    return typeof log === 'string' ? log.replace(/\r?\n$/, '') : line;
  } catch {
    return line;
  }
}

/** Runs `logsift tag` on the file and gives each line the decision of the record holding it. */
export function tagLines(cli, path, lines) {
  const out = execFileSync('node', [cli, 'tag', path], { maxBuffer: 1 << 26 }).toString();
  const got = lines.map(() => undefined);
  const used = lines.map(() => false);
  const texts = lines.map(lineText);
  for (const json of out.split('\n')) {
    if (json === '') continue;
    const r = JSON.parse(json);
    const a = r.attributes;
    if (a['logsift.rule'] === 'logsift.restart-loop') continue;
    const body = r.body.split('\n');
    // Records can leave the grouper out of line order: find the first unused line that opens it
    // (a record's body is its line after any tool prefix, `api_1  | `, which the excerpt keeps).
    let at = -1;
    for (let i = 0; i < lines.length; i++) {
      if (!used[i] && texts[i].endsWith(body[0])) {
        at = i;
        break;
      }
    }
    if (at < 0) continue;
    for (let k = 0; k < body.length && at + k < lines.length; k++) {
      used[at + k] = true;
      got[at + k] = { relevance: a['logsift.relevance'], event: k === 0 ? a['logsift.event'] : undefined, rule: a['logsift.rule'] };
    }
  }
  return got;
}

