/**
 * V8's --max-old-space-size / --max-semi-space-size are process-wide and override a Worker's
 * resourceLimits. The main thread of serve runs with them (NODE_OPTIONS, or its own relaunch), so
 * the Service must release them before it starts its pipeline workers, or each worker gets the
 * main thread's heap instead of its share of the budget. Checked in a child process with the
 * flags, on the built Service (npm test builds dist first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const skip = existsSync(`${DIST}service/service.js`) ? false : 'dist is not built (npm test builds it)';

/** In a child with the main thread's flags: the heap limits, in MiB, of main and of a worker created after `before`. */
function limits(before: 'nothing' | 'service'): Promise<{ main: number; worker: number }> {
  const script = `
    import { Worker } from 'node:worker_threads';
    import { getHeapStatistics } from 'node:v8';
    import { Writable } from 'node:stream';
    if (${JSON.stringify(before)} === 'service') {
      const { Service } = await import(${JSON.stringify(`${DIST}service/service.js`)});
      const { buildConfig } = await import(${JSON.stringify(`${DIST}config/load-config.js`)});
      const { createLogger } = await import(${JSON.stringify(`${DIST}telemetry/logger.js`)});
      new Service({ config: buildConfig({}), logger: createLogger('silent'), defaultPod: { namespace: 'n', pod: 'p', container: 'c' }, stdout: new Writable({ write: (_c, _e, cb) => cb() }), workers: 1 });
    }
    // The child runs with --input-type=module, and so does an eval'd worker.
    const w = new Worker("import { parentPort } from 'node:worker_threads'; import { getHeapStatistics } from 'node:v8'; parentPort.postMessage(getHeapStatistics().heap_size_limit);", { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } });
    w.once('message', (worker) => { console.log(JSON.stringify({ main: getHeapStatistics().heap_size_limit / 1048576, worker: worker / 1048576 })); process.exit(0); });
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=160', '--max-semi-space-size=4', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(guard);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as { main: number; worker: number });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

t.test('the main thread\'s heap flags apply to every isolate until released', { skip }, async (t) => {
  const { main, worker } = await limits('nothing');
  t.equal(main, 172, 'main: 160 MiB old + 3 x 4 MiB semi-spaces');
  t.equal(worker, main, 'a worker gets the same, whatever its resourceLimits say (why the Service releases them)');
});

t.test('after the Service is built, a worker takes its resourceLimits; the main thread keeps its own', { skip }, async (t) => {
  const { main, worker } = await limits('service');
  t.equal(main, 172, 'main thread unchanged');
  t.ok(worker >= 64 && worker <= 64 + 48, `worker heap limit ${worker} MiB for maxOldGenerationSizeMb 64`);
});
