import { getHeapStatistics } from 'node:v8';
import type { Config } from '../config/schema.js';
import { memoryBudget } from '../runtime/memory-budget.js';
import { Service } from '../service/service.js';
import { createLogger } from '../telemetry/logger.js';
import type { CliIo } from './cli-io.js';
import { defaultPod, type PodFlags } from './default-pod.js';

/**
 * `logsift serve`: the long-running service. SIGTERM/SIGINT stop it gracefully (stop accepting,
 * drain, flush exports, exit 0); a second signal exits at once. SIGHUP reloads the config file
 * (`configPath`) and the rule packs.
 */
export async function serveCommand(flags: PodFlags, config: Config, io: CliIo, configPath?: string, workers?: 'auto' | number): Promise<number> {
  const logger = createLogger(config.log.level);
  const readStdin = config.input.stdin.enabled === true || (config.input.stdin.enabled === 'auto' && !io.stdin.isTTY);
  const service = new Service({
    config,
    logger,
    defaultPod: defaultPod(flags, config, io.env),
    stdin: readStdin ? io.stdin : undefined,
    stdout: io.stdout,
    configPath,
    identity: (c) => defaultPod(flags, c, io.env),
    workers: workers ?? config.pipeline.workers,
  });

  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((r) => (resolveExit = r));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      logger.flush();
      process.exit(130);
    }
    logger.info({ signal }, 'stopping: draining queues and flushing exports');
    service.stop().then(
      // Records acknowledged to a sender and then lost must not look like a clean exit.
      () => resolveExit(service.lostAtShutdown > 0 ? 1 : 0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        resolveExit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // The reloader logs the outcome; nothing else to do here.
  const onHangup = () => void service.reload('signal');
  process.on('SIGHUP', onHangup);

  try {
    await service.start();
  } catch (err) {
    // Release what did start (the scrape endpoint, exporters) before main reports and exits 1.
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await service.stop().catch(() => undefined);
    logger.flush();
    throw err;
  }
  logger.info(
    {
      // The serving process (a relaunch for the heap flags is another pid than the one started).
      pid: process.pid,
      http: service.http.address,
      otlpHttp: service.otlp.httpAddress,
      otlpGrpc: service.otlp.grpcAddress,
      stdin: readStdin,
      config: config.input.http.enabled ? undefined : 'http input disabled',
      // What the heaps were sized from, the main thread's own limit (node flags or the relaunch),
      // and how the budget was shared out (memory-split.ts): the caps and their worst-case sum.
      memory: {
        ...memoryBudget(config.memory.budgetBytes),
        mainHeapLimitBytes: getHeapStatistics().heap_size_limit,
        workers: service.memory.workers,
        queueBytes: service.memory.queueBytes,
        receivingBytes: service.memory.receivingBytes,
        inflateBytes: service.memory.inflateBytes,
        worstCaseBytes: service.memory.total,
      },
    },
    'logsift serving',
  );
  if (service.stdinSource && !config.input.http.enabled && !service.otlp.enabled) {
    // Nothing else can bring input: when the pipe ends, finish like a SIGTERM would.
    void service.stdinSource.ended.then(() => onSignal('SIGTERM'));
  }
  const code = await exited;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  process.off('SIGHUP', onHangup);
  logger.info('stopped');
  logger.flush();
  // Everything owed was flushed above within the deadline; an exporter's own retry timers
  // (a metrics endpoint that is down) must not keep the process alive after that.
  setImmediate(() => process.exit(code));
  return code;
}
