// Which decision logsift made for each line of a log file: `logsift tag` on the file, each line
// given the record that holds it (a record's event on its first line). Shared by the scorers that
// compare logsift with hand marks (real-world-packs.mjs, loghub-relevance.mjs).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
  const records = [];
  for (const json of out.split('\n')) {
    if (json === '') continue;
    const r = JSON.parse(json);
    const a = r.attributes;
    if (a['logsift.rule'] === 'logsift.restart-loop') continue;
    records.push({ body: r.body, relevance: a['logsift.relevance'], event: a['logsift.event'], rule: a['logsift.rule'] });
  }
  return placeRecords(lines, records);
}

/**
 * The same decisions made in this process by the built pipeline (`dist/`), as the real-world test
 * makes them: one pipeline per file, the default configuration and packs loaded once. Minutes
 * become seconds (no `node` start per file), which is what a loaded machine needs; `tag` and
 * this agree line for line on every excerpt (both feed the file's lines to one Pipeline).
 */
export async function inProcessTagger(root) {
  const dist = (m) => import(pathToFileURL(join(root, 'dist', `${m}.js`)).href);
  const [{ classifierFromRules, createRules }, { loadConfig }, { Pipeline }, { SelfTelemetry }] = await Promise.all(
    ['classify/create-classifier', 'config/load-config', 'pipeline/pipeline', 'telemetry/self-telemetry'].map(dist),
  );
  const config = loadConfig();
  const rules = createRules(config.pipeline.classify);
  return (lines) => {
    const records = [];
    const pipeline = new Pipeline(
      { config: config.pipeline, classifier: classifierFromRules(config.pipeline.classify, rules), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'rw', pod: 'rw-0', container: 'rw' } },
      (batch) => {
        for (const r of batch) if (!r.synthetic) records.push({ body: r.body, relevance: r.relevance, event: r.event, rule: r.rule });
      },
    );
    pipeline.process(lines.map((line) => ({ line, streamKey: 'excerpt' })));
    pipeline.flush();
    return placeRecords(lines, records);
  };
}

/** Each line gets the decision of the record that holds it (a record's event on its first line). */
function placeRecords(lines, records) {
  const got = lines.map(() => undefined);
  const used = lines.map(() => false);
  const texts = lines.map(lineText);
  for (const r of records) {
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
      got[at + k] = { relevance: r.relevance, event: k === 0 ? r.event : undefined, rule: r.rule };
    }
  }
  return got;
}
