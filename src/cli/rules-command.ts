import { join } from 'node:path';
import { checkPacks, expandPackPaths } from '../classify/check-packs.js';
import { DEFAULT_RULES_DIR, displayPath, formatProblem } from '../classify/load-rules.js';
import { runPackTestFile, type PackTestResult, type TestFailure } from '../classify/pack-test-runner.js';
import type { Config } from '../config/schema.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

const EX_CONFIG = 78;

export interface RulesOptions {
  subcommand: string | undefined;
  paths: string[];
  json: boolean;
}

/** `logsift rules check|test`. */
export async function rulesCommand(opts: RulesOptions, config: Config, io: CliIo): Promise<number> {
  if (opts.subcommand === 'check') return check(opts, config, io);
  if (opts.subcommand === 'test') return test(opts, config, io);
  throw new UsageError(`rules needs a subcommand: check or test${opts.subcommand ? `, not "${opts.subcommand}"` : ''} (see logsift --help)`);
}

/** The packs logsift would load with this config. */
function configuredDirs(config: Config): string[] {
  const c = config.pipeline.classify;
  return [c.rulesDir ?? DEFAULT_RULES_DIR, ...c.extraRulesDirs];
}

async function check(opts: RulesOptions, config: Config, io: CliIo): Promise<number> {
  // Named packs are checked against the configured ones too: at run time they are loaded together.
  const targets = opts.paths.length ? opts.paths : configuredDirs(config);
  const report = checkPacks(targets, opts.paths.length ? configuredDirs(config) : []);
  if (opts.json) {
    await io.write(JSON.stringify({ ok: report.problems.length === 0, files: report.files, rules: report.rules, problems: report.problems, notes: report.notes }, null, 2) + '\n');
  } else {
    let text = report.problems.map((p) => formatProblem(p) + '\n').join('');
    text += report.notes.map((p) => `note: ${formatProblem(p)}\n`).join('');
    const files = `${report.files.length} pack file${report.files.length === 1 ? '' : 's'}, ${report.rules} rules`;
    text += report.problems.length
      ? `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${files}\n`
      : `ok: ${files}, no problems\n`;
    if (report.notes.length) text += `${report.notes.length} note${report.notes.length === 1 ? '' : 's'}: overlaps with packs of higher priority, which decide first (not problems)\n`;
    await io.write(text);
  }
  return report.problems.length ? EX_CONFIG : 0;
}

async function test(opts: RulesOptions, config: Config, io: CliIo): Promise<number> {
  const paths = opts.paths.length ? opts.paths : [join(DEFAULT_RULES_DIR, 'tests')];
  const { files, problems } = expandPackPaths(paths);
  if (problems.length) throw new UsageError(problems.map(formatProblem).join('; '));
  if (files.length === 0) throw new UsageError(`no test files (*.yaml) in ${paths.join(', ')}`);
  const results = files.map((f) => runPackTestFile(f, { pipeline: config.pipeline }));
  const invalid = results.filter((r) => r.invalid.length).length;
  const failed = results.filter((r) => !r.invalid.length && r.failures.length).length;
  if (opts.json) {
    await io.write(JSON.stringify({ ok: invalid + failed === 0, passed: results.length - invalid - failed, failed, invalid, files: results }, null, 2) + '\n');
  } else {
    await io.write(results.map(describeResult).join('') + `${results.length} test file${results.length === 1 ? '' : 's'}: ${results.length - invalid - failed} passed, ${failed} failed, ${invalid} invalid\n`);
  }
  return invalid ? EX_CONFIG : failed ? 1 : 0;
}

function describeResult(r: PackTestResult): string {
  const counts = `${r.cases} case${r.cases === 1 ? '' : 's'}, ${r.sequences} sequence${r.sequences === 1 ? '' : 's'}`;
  const file = displayPath(r.file);
  if (r.invalid.length) return `INVALID ${file}\n${r.invalid.map((p) => `  ${formatProblem(p)}\n`).join('')}`;
  const notes = r.overlaps.map((p) => `  note: ${formatProblem(p)}\n`).join('');
  if (!r.failures.length) return `PASS ${file}  pack ${r.pack}: ${counts}\n${notes}`;
  return `FAIL ${file}  pack ${r.pack}: ${counts}, ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}\n${r.failures.map(describeFailure).join('')}${notes}`;
}

function describeFailure(f: TestFailure): string {
  const pad = (s: string) => (s + ':').padEnd(12) + ' ';
  let out = `  ${displayPath(f.file)}${f.line ? `:${f.line}` : ''}  ${f.name}\n`;
  if (f.input) {
    const lines = f.input.replace(/\n$/, '').split('\n');
    out += `    ${pad('line')}${lines[0]}\n`;
    for (const l of lines.slice(1, 6)) out += `    ${' '.repeat(13)}${l}\n`;
    if (lines.length > 6) out += `    ${' '.repeat(13)}(${lines.length - 6} more lines)\n`;
  }
  for (const m of f.mismatches) out += `    ${pad(m.key)}expected ${m.expected}, got ${m.got}\n`;
  if (f.got) out += `    ${pad('decided')}${f.got}\n`;
  return out;
}
