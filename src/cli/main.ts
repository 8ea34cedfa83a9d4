#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { RuleError } from '../classify/load-rules.js';
import type { Relevance } from '../model/record.js';
import { StartupError } from '../service/startup-error.js';
import { processIo, type CliIo } from './cli-io.js';
import { OutputError } from './output-writer.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';

const USAGE = `Usage: logsift <command> [options]

Commands:
  analyze [FILE ...|-]   triage report of log files (stdin with - or no file)
  tag [FILE ...|-]       enriched records as JSON lines on stdout
  serve                  long-running service: HTTP (Fluent Bit) and stdin in, OTLP/Prometheus out
  explain [LINE ...|-]   why each line is tagged as it is: format, severity, template, every
                         rule that matches and the one that decides, event, why it is noise
  rules check [DIR|FILE ...]
                         validate rule packs (default: the configured ones): schema, regex,
                         duplicate ids, rules that take another's lines with another event;
                         exit 78 on any problem
  rules test [FILE|DIR ...]
                         run pack test files (default: the shipped config/rules/tests/);
                         exit 1 on a failed case, 78 on an invalid file

Options (all commands):
  -c, --config FILE      configuration file (YAML); default: embedded defaults
                         (also LOGSIFT_CONFIG)
  --namespace NAME       pod identity for lines that carry none (else POD_NAMESPACE)
  --pod NAME             (else POD_NAME)
  --container NAME       (else LOGSIFT_CONTAINER_NAME)
  --workers N|auto       pipeline worker threads (0: the main thread; default
                         pipeline.workers, auto: one per CPU the quota allows)
  -h, --help             this help
  -v, --version          print the version

analyze:  --format FORMAT        text (default), json (one document) or html (one page)
          --json                 same as --format json
          --html FILE            also write the HTML incident report to FILE
          --top N                rows per section in the text report (default 15)
tag:      --min-relevance LEVEL  signal, context or noise (default noise: everything)
explain, rules check, rules test:
          --json                 machine-readable output (explain: one JSON object per record)

Rule regexes run on V8's linear-time engine: a pattern that it cannot run (lookaround,
backreferences) is refused at start, like any invalid pack (exit 78).
`;

const COMMON: ParseArgsConfig['options'] = {
  config: { type: 'string', short: 'c' },
  namespace: { type: 'string' },
  pod: { type: 'string' },
  container: { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const COMMAND_OPTIONS: Record<string, ParseArgsConfig['options']> = {
  analyze: { ...COMMON, json: { type: 'boolean' }, format: { type: 'string' }, html: { type: 'string' }, top: { type: 'string' } },
  tag: { ...COMMON, 'min-relevance': { type: 'string' } },
  serve: { ...COMMON },
  explain: { ...COMMON, json: { type: 'boolean' } },
  rules: { ...COMMON, json: { type: 'boolean' } },
};

type Values = Record<string, string | boolean | undefined>;

function parse(command: string, args: string[]): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: COMMAND_OPTIONS[command], allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see logsift --help)`);
  }
}

/** `--workers N|auto`, undefined when not given (pipeline.workers decides). */
function workersFlag(value: string | undefined): 'auto' | number | undefined {
  if (value === undefined || value === 'auto') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--workers must be auto or a whole number from 0 to 64, not "${value}"`);
  return n;
}

/**
 * serve's main thread gets heap flags from the memory budget (src/runtime): without them V8 sizes
 * its heap from the host's RAM. Resolves with the relaunched process's exit code, or undefined
 * when this process already has its heap flags.
 */
async function sizeMainHeap(config: Config, io: CliIo): Promise<number | undefined> {
  const { mainHeapFlags } = await import('../runtime/heap-limits.js');
  const { memoryBudget } = await import('../runtime/memory-budget.js');
  const { followLauncher, heapRelaunchFlags, relaunch } = await import('../runtime/heap-relaunch.js');
  const flags = heapRelaunchFlags(mainHeapFlags(memoryBudget(config.memory.budgetBytes).bytes), process.execArgv, io.env);
  if (flags === undefined) {
    followLauncher(io.env);
    return undefined;
  }
  return relaunch(flags, config.input.stdin.enabled === true && io.stdin.isTTY === true);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    await io.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    await io.write(version() + '\n');
    return 0;
  }
  if (!COMMAND_OPTIONS[command]) throw new UsageError(`unknown command "${command}" (see logsift --help)`);
  const { values, positionals } = parse(command, rest);
  if (values.help) {
    await io.write(USAGE);
    return 0;
  }
  const configPath = (values.config as string | undefined) ?? io.env.LOGSIFT_CONFIG;
  const config = loadConfig(configPath);
  const pod = {
    namespace: values.namespace as string | undefined,
    pod: values.pod as string | undefined,
    container: values.container as string | undefined,
  };
  const workers = workersFlag(values.workers as string | undefined);
  switch (command) {
    case 'analyze': {
      const top = values.top === undefined ? 15 : Number(values.top);
      if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive whole number, not "${values.top}"`);
      const { analyzeCommand, reportFormat } = await import('./analyze-command.js');
      const format = reportFormat(values.format as string | undefined, values.json === true);
      return analyzeCommand({ ...pod, inputs: positionals, format, htmlFile: values.html as string | undefined, top, workers }, config, io);
    }
    case 'tag': {
      const min = (values['min-relevance'] as string | undefined) ?? 'noise';
      if (!['signal', 'context', 'noise'].includes(min)) {
        throw new UsageError(`--min-relevance must be signal, context or noise, not "${min}"`);
      }
      const { tagCommand } = await import('./tag-command.js');
      return tagCommand({ ...pod, inputs: positionals, minRelevance: min as Relevance, workers }, config, io);
    }
    case 'explain': {
      const { explainCommand } = await import('./explain-command.js');
      return explainCommand({ ...pod, lines: positionals, json: values.json === true }, config, io);
    }
    case 'rules': {
      const { rulesCommand } = await import('./rules-command.js');
      return rulesCommand({ subcommand: positionals[0], paths: positionals.slice(1), json: values.json === true }, config, io);
    }
    default: {
      if (positionals.length) throw new UsageError(`serve takes no file arguments (got "${positionals[0]}")`);
      const relaunched = await sizeMainHeap(config, io);
      if (relaunched !== undefined) return relaunched;
      // Loaded only for serve: analyze and tag start without the HTTP server and OpenTelemetry SDK.
      const { serveCommand } = await import('./serve-command.js');
      return serveCommand(pod, config, io, configPath || undefined, workers);
    }
  }
}

const io = processIo();
// A closed pipe (`logsift tag big.log | head`) is a normal way for a reader to stop. Other
// output errors reach the command through io.out and end it with exit code 1.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});
run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    let code = 1;
    if (err instanceof UsageError) {
      process.stderr.write(`logsift: ${err.message}\n`);
      code = 2;
    } else if (err instanceof ConfigError || err instanceof RuleError) {
      process.stderr.write(`logsift: ${err.message}\n`);
      code = 78; // EX_CONFIG
    } else if (err instanceof OutputError) {
      if (err.readerClosed) code = 0;
      else process.stderr.write(`logsift: ${err.message}\n`);
    } else if (err instanceof StartupError) {
      process.stderr.write(`logsift: ${err.message}\n`);
    } else {
      process.stderr.write(`logsift: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    // Whatever is still open (a listener, an exporter's timer) must not keep a failed process alive.
    process.exit(code);
  },
);
