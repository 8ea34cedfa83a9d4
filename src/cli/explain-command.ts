import type { Config } from '../config/schema.js';
import { classifierFromRules, createRules } from '../classify/create-classifier.js';
import { explainRecord, type Explanation } from '../classify/explain.js';
import { displayPath } from '../classify/load-rules.js';
import { RecordingClassifier } from '../classify/recording-classifier.js';
import type { LogRecord } from '../model/record.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { SelfTelemetry } from '../telemetry/self-telemetry.js';
import type { CliIo } from './cli-io.js';
import { defaultPod, type PodFlags } from './default-pod.js';
import { readInputs } from './read-inputs.js';
import { UsageError } from './usage-error.js';

export interface ExplainOptions extends PodFlags {
  /** Lines to explain; `-` reads lines from stdin. */
  lines: string[];
  json: boolean;
}

/**
 * `logsift explain`: each line through the same pipeline as `tag` (so grouping, templates and
 * repetition act as they would), then for each record what decided it and why.
 */
export async function explainCommand(opts: ExplainOptions, config: Config, io: CliIo): Promise<number> {
  const fromStdin = opts.lines.includes('-') || (opts.lines.length === 0 && !io.stdin.isTTY);
  if (opts.lines.length === 0 && !fromStdin) throw new UsageError('explain needs a LINE argument, or - to read lines from stdin (see logsift --help)');
  const c = config.pipeline.classify;
  const rules = createRules(c);
  const recorder = new RecordingClassifier(classifierFromRules(c, rules));
  const settings = { repeatWindow: c.repeatWindow, repeatThreshold: c.repeatThreshold };
  let text = '';
  const output = (records: LogRecord[]) => {
    const calls = recorder.take();
    let i = 0;
    for (const r of records) {
      // Loop announcements are synthesized, not classified: no call of their own.
      if (r.synthetic) {
        text += opts.json ? JSON.stringify({ synthetic: true, input: r.body, reason: r.reason }) + '\n' : `${r.body}\n  (restart-loop announcement made by logsift)\n\n`;
        continue;
      }
      const e = explainRecord(r, calls[i++], rules, settings);
      text += opts.json ? JSON.stringify(e) + '\n' : describe(e);
    }
  };
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: recorder, telemetry: new SelfTelemetry(), defaultPod: defaultPod(opts, config, io.env) },
    output,
  );
  const args = opts.lines.filter((l) => l !== '-');
  pipeline.process(args.map((line) => ({ line, streamKey: 'args' })));
  if (fromStdin) await readInputs(['-'], pipeline, { maxLineBytes: config.pipeline.maxLineBytes, stdin: io.stdin, stderr: io.stderr });
  else pipeline.flush();
  await io.write(text);
  return 0;
}

function describe(e: Explanation): string {
  const row = (k: string, v: string) => `  ${k.padEnd(10)} ${v}\n`;
  const [first, ...rest] = e.input.split('\n');
  let out = `${first}\n`;
  if (rest.length) out += `  (+${rest.length} more line${rest.length === 1 ? '' : 's'}: one ${e.group} record)\n`;
  out += row('format', e.format);
  out += row('severity', `${e.severity.text}${e.severity.from === 'rule' ? ' (from the rule: the line has no level)' : e.severity.from === 'none' ? ' (the line has no level)' : ''}`);
  out += row('message', e.message);
  out += row('template', `${e.template.text}  [${e.template.id}, seen ${e.template.seen}×]`);
  if (e.matched.length === 0) out += row('rules', 'none matched');
  // A traceback can be decided on its exception line, by a rule its first line does not match.
  const decidedHere = e.matched.some((m) => m.rule === e.decided.rule);
  e.matched.forEach((m, i) => {
    const other = decidedHere ? '  (matches too; the first match in pack order decides)' : '  (matches; the exception line decides, see why)';
    const mark = m.rule === e.decided.rule ? '  <- decided' : other;
    out += row(i === 0 ? 'rules' : '', `${m.rule}  ${displayPath(m.file)}${m.line ? `:${m.line}` : ''}${mark}`);
  });
  out += row('relevance', `${e.decided.relevance}, score ${e.decided.score} (${e.decided.rule})`);
  out += row('event', e.decided.event ?? 'none');
  out += row('why', e.why);
  return out + '\n';
}
