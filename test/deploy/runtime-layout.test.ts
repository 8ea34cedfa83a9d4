import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { container } from './support/daemonset.js';
import { loadDeploymentConfigs, onlySection } from './support/deployment-configs.js';
import { copySteps, dockerignoreAllows, envOf, execForm, instructions, parseDockerfile, type Stage } from './support/dockerfile.js';
import { entry } from './support/fluent-bit-conf.js';
import { freePorts } from './support/free-port.js';
import { LogsiftProcess, writeConfig } from './support/logsift-process.js';
import { REPO_ROOT, repoPath } from './support/repo-paths.js';

/*
 * No Docker engine runs here, so this rebuilds what the Dockerfile's runtime stage contains
 * (production dependencies from `npm ci --omit=dev`, the built dist/, config/), starts it the way
 * the DaemonSet does, with the deployment's own logsift config, as an unprivileged user that
 * cannot write to it, and feeds it a request Fluent Bit really sent.
 */

const run = promisify(execFile);
const dockerfile = parseDockerfile(repoPath('Dockerfile'));
const stages = dockerfile.stages;
const runtime = stages[stages.length - 1];
const stage = (name: string): Stage => {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`Dockerfile has no stage ${name}`);
  return s;
};
const workdir = (s: Stage): string => instructions(s, 'WORKDIR').at(-1) ?? '/';

void t.test('the Dockerfile: multi-stage, production dependencies only, non-root, serve by default', async (t) => {
  t.ok(stages.length >= 3, `${stages.length} stages`);
  const base = dockerfile.args.get('NODE_IMAGE') ?? '';
  t.match(base, /^node:(\d+)/, 'a Node base image');
  t.ok(Number(/^node:(\d+)/.exec(base)?.[1]) >= 20, `Node 20 or later (${base})`);
  t.match(base, /alpine|slim|distroless/, 'a small base');
  t.ok(stages.every((s) => s.base === base), 'every stage on the same base (native modules match)');
  t.ok(
    stages.some((s) => instructions(s, 'RUN').some((r) => /\bnpm ci\b(?!.*--omit=dev)/.test(r)) && instructions(s, 'RUN').some((r) => /npm run build/.test(r))),
    'a build stage installs dev dependencies and builds',
  );
  t.ok(instructions(stage('deps'), 'RUN').some((r) => /\bnpm ci\b.*--omit=dev/.test(r)), 'the deps stage installs production dependencies only');
  t.notOk(copySteps(runtime).some((c) => c.from === undefined && c.sources.some((s) => s === 'src' || s.startsWith('node_modules'))), 'no sources or host node_modules in the runtime image');
  const user = instructions(runtime, 'USER').at(-1) ?? '';
  t.match(user, /^[1-9]\d*(:\d+)?$/, 'a numeric non-root USER, which runAsNonRoot can verify');
  t.same(execForm(runtime, 'ENTRYPOINT').slice(1), ['dist/cli/main.js']);
  t.same(execForm(runtime, 'CMD'), ['serve'], '`serve` by default');
  const labels = instructions(runtime, 'LABEL').join(' ');
  for (const key of ['title', 'description', 'version', 'revision', 'licenses', 'created']) {
    t.match(labels, `org.opencontainers.image.${key}=`, `OCI label ${key}`);
  }
  t.equal(envOf(runtime).NODE_ENV, 'production');
});

void t.test('.dockerignore lets in exactly what the stages copy from the context', async (t) => {
  const patterns = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
  const fromContext = stages.flatMap((s) => copySteps(s).filter((c) => c.from === undefined).flatMap((c) => c.sources));
  for (const path of fromContext) t.ok(dockerignoreAllows(patterns, path), `${path} is in the build context`);
  for (const path of ['node_modules', 'dist', '.git', 'test', '.tap', 'deploy', 'node_modules/fastify/package.json']) {
    t.notOk(dockerignoreAllows(patterns, path), `${path} stays out`);
  }
});

const skip = existsSync(repoPath('dist/cli/main.js')) ? undefined : 'dist/cli/main.js missing: run `npm run build` first';

void t.test('the runtime layout serves the deployment config and takes a Fluent Bit request', { skip, timeout: 300_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'logsift-image-'));
  chmodSync(work, 0o755);
  const running: { logsift?: LogsiftProcess } = {};
  t.teardown(async () => {
    await running.logsift?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  // The deps stage, once per test run: it needs the npm registry (or npm's cache).
  const deps = join(work, 'deps');
  mkdirSync(deps);
  for (const f of ['package.json', 'package-lock.json']) cpSync(repoPath(f), join(deps, f));
  const started = Date.now();
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: deps, timeout: 240_000 });
  t.comment(`npm ci --omit=dev: ${Math.round((Date.now() - started) / 1000)} s`);

  // The runtime stage's COPY steps, from the context or from the stages' outputs.
  const app = join(work, 'app');
  mkdirSync(app);
  const stageOutput: Record<string, string> = { deps, build: REPO_ROOT };
  for (const step of copySteps(runtime)) {
    for (const source of step.sources) {
      let from: string;
      if (step.from === undefined) from = repoPath(source);
      else {
        const root = stageOutput[step.from];
        if (!root) throw new Error(`no stand-in for stage ${step.from}`);
        from = join(root, posix.relative(workdir(stage(step.from)), source));
      }
      const into = step.dest.endsWith('/') ? join(app, step.dest, posix.basename(source)) : join(app, step.dest);
      mkdirSync(dirname(into), { recursive: true });
      // The deps stand-in is ours to move (node_modules is large); everything else is copied.
      if (step.from === 'deps') renameSync(from, into);
      else cpSync(from, into, { recursive: true });
    }
  }
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const installed = new Set(readdirSync(join(app, 'node_modules'), { recursive: false }).map(String));
  const scoped = [...installed].filter((d) => d.startsWith('@')).flatMap((d) => readdirSync(join(app, 'node_modules', d)).map((x) => `${d}/${x}`));
  // A dev dependency that a production one also needs (protobufjs depends on @types/node) is
  // not `dev` in the lockfile, and npm ci --omit=dev rightly installs it.
  const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const name of Object.keys(pkg.devDependencies)) {
    const devOnly = lock.packages[`node_modules/${name}`]?.dev === true;
    if (devOnly) t.notOk(installed.has(name) || scoped.includes(name), `dev dependency ${name} is not in the image`);
    else t.comment(`${name} is also a production dependency's dependency: in the image`);
  }
  const devInstalled = [...installed, ...scoped].filter((d) => lock.packages[`node_modules/${d}`]?.dev === true);
  t.same(devInstalled, [], 'no package that only development needs is in the image');

  // The deployment's own logsift config; only the ports change, to free ones, and storage.path
  // to a scratch directory standing in for the DaemonSet's emptyDir (writable by the container user).
  const deployment = loadDeploymentConfigs();
  const [ingestPort, metricsPort] = await freePorts(2);
  const config = parseYaml(deployment.logsiftYaml) as {
    input: { http: { port: number }; otlp?: { http?: object; grpc?: object } };
    export: { prometheus: { port: number } };
    storage?: { path?: string };
  };
  config.input.http.port = ingestPort;
  // The OTLP receiver is on by default: never its well-known ports in a test.
  config.input.otlp = { ...config.input.otlp, http: { ...config.input.otlp?.http, port: 0 }, grpc: { ...config.input.otlp?.grpc, port: 0 } };
  config.export.prometheus.port = metricsPort;
  if (config.storage?.path !== undefined) {
    const emptyDir = join(work, 'state-emptydir');
    mkdirSync(emptyDir, { mode: 0o777 });
    chmodSync(emptyDir, 0o777);
    config.storage.path = emptyDir;
  }
  const configFile = join(work, 'logsift.yaml');
  writeConfig(configFile, config);
  chmodSync(configFile, 0o644);

  // As the DaemonSet runs it: ENTRYPOINT + the container's args, with our config path.
  const entrypoint = execForm(runtime, 'ENTRYPOINT');
  const args = (container(deployment.daemonSet, 'logsift').args ?? []).map((a) => (a === deployment.logsiftConfigPath ? configFile : a));
  const before = readdirSync(app, { recursive: true }).map(String).sort();
  // tap wraps child_process and makes every node child record itself under
  // $_TAPJS_PROCESSINFO_CWD_/.tap when it exits; that is the runner's doing, not logsift's, so
  // it goes to a scratch directory outside the layout.
  const runnerScratch = join(work, 'runner');
  mkdirSync(runnerScratch, { mode: 0o777 });
  chmodSync(runnerScratch, 0o777);
  const asRoot = process.getuid?.() === 0;
  const logsift = await LogsiftProcess.start({
    cwd: app,
    configFile,
    ingestPort,
    args: [...entrypoint.slice(1), ...args],
    env: { ...envOf(runtime), HOME: '/nonexistent', _TAPJS_PROCESSINFO_CWD_: runnerScratch },
    // root could write anywhere: drop to nobody, who cannot write to the layout, like a
    // read-only root filesystem.
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  running.logsift = logsift;

  t.equal((await fetch(`${logsift.url}/readyz`)).status, 200, '/readyz');

  // A request exactly as Fluent Bit sends it with the deployment's Format.
  const output = onlySection(deployment.fluentBit, 'OUTPUT', 'http');
  const format = entry(output, 'Format') ?? 'json';
  const fixture = repoPath('test/fixtures/fluent-bit-out-http', format);
  const headers = JSON.parse(readFileSync(`${fixture}.headers.json`, 'utf8')) as { headers: [string, string][] };
  const contentType = headers.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] as string;
  const answer = await logsift.post(readFileSync(`${fixture}.body`), contentType, entry(output, 'URI') ?? '/');
  t.equal(answer.status, 200, `the ${format} request is accepted (${answer.body})`);
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  t.match(metrics, /^logsift_input_records_total\{[^}]*source="http"[^}]*\} 6\b/m, 'its 6 records are counted');

  // The probes, exactly as the DaemonSet runs them (our port for the deployment's).
  const ds = container(deployment.daemonSet, 'logsift');
  for (const [name, probe] of [['liveness', ds.livenessProbe], ['readiness', ds.readinessProbe]] as const) {
    const [cmd, ...rest] = probe?.exec?.command ?? [];
    t.equal(cmd, 'node', `${name} probe runs node`);
    const probeArgs = rest.map((a) => a.replace(`:${deployment.logsift.input.http.port}/`, `:${ingestPort}/`));
    const ok = await run(process.execPath, probeArgs, { timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    t.ok(ok, `${name} probe succeeds`);
  }

  t.equal(await logsift.stop(), 0, 'SIGTERM: a clean exit');
  t.same(readdirSync(app, { recursive: true }).map(String).sort(), before, 'nothing was written into the image layout');
  t.notMatch(logsift.recentOutput(), /EACCES|EROFS|read-only file system/i, 'no write was attempted and refused');
});
