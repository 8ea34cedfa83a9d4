// The realistic workload of issue 12, generated once into bench/out/realistic-<lines>/:
//   gunicorn-mix.jsonl         Fluent Bit records as JSON lines ({"log", "kubernetes"}), pods interleaved
//   gunicorn-mix.summary.json  ground truth: per-pod Booting worker / WORKER TIMEOUT / signal 9
//   cri/<pod>_<ns>_<container>-<id>.log   the same lines as the kubelet writes them (CRI framing,
//                              one file per container; access lines on stdout, the rest on stderr)
// The generator is ../shared/bench/gen-gunicorn-workload.py when it is beside the repo (and python3
// runs), else bench/gen-gunicorn-workload.mjs (same mix, its own seeded bytes).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateGunicornWorkload } from './gen-gunicorn-workload.mjs';

const here = new URL('.', import.meta.url).pathname;
const SHARED_GENERATOR = join(here, '..', '..', 'shared', 'bench', 'gen-gunicorn-workload.py');
const NAME = 'gunicorn-mix';

/** { dir, jsonl, summaryFile, summary, criDir, criFiles, lines, bytes, criBytes, generator } */
export async function realisticWorkload(lines = 2_000_000) {
  const dir = join(here, 'out', `realistic-${lines}`);
  const jsonl = join(dir, `${NAME}.jsonl`);
  const summaryFile = join(dir, `${NAME}.summary.json`);
  const criDir = join(dir, 'cri');
  if (!existsSync(join(dir, '.done'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let generator = 'bench/gen-gunicorn-workload.mjs';
    const py = existsSync(SHARED_GENERATOR)
      ? spawnSync('python3', [SHARED_GENERATOR, '--lines', String(lines), '--outdir', dir, '--name', NAME], { stdio: ['ignore', 'ignore', 'inherit'] })
      : undefined;
    if (py && py.status === 0) generator = '../shared/bench/gen-gunicorn-workload.py';
    else await generateGunicornWorkload({ lines, outdir: dir, name: NAME });
    rmSync(join(dir, `${NAME}.log`), { force: true }); // the plain-text copy is not used
    await writeCriVariant(jsonl, criDir);
    writeFileSync(join(dir, '.done'), generator);
  }
  const criFiles = readdirSync(criDir).filter((f) => f.endsWith('.log')).sort().map((f) => join(criDir, f));
  return {
    dir,
    jsonl,
    summaryFile,
    summary: JSON.parse(readFileSync(summaryFile, 'utf8')),
    criDir,
    criFiles,
    lines,
    bytes: statSync(jsonl).size,
    criBytes: criFiles.reduce((n, f) => n + statSync(f).size, 0),
    generator: readFileSync(join(dir, '.done'), 'utf8'),
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** The kubelet's files for the same lines: one per container, CRI time 40 ms apart in input order. */
async function writeCriVariant(jsonl, criDir) {
  const tmp = criDir + '.tmp';
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const t0 = Date.UTC(2023, 2, 15, 0, 0, 0);
  const files = new Map();
  let n = 0;
  const rl = createInterface({ input: createReadStream(jsonl), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const r = JSON.parse(line);
    const k = r.kubernetes;
    const key = `${k.pod_name}_${k.namespace_name}_${k.container_name}`;
    let f = files.get(key);
    if (!f) {
      // A stable 64-hex container id from the name, as the runtime's would be.
      let h = 2166136261;
      for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
      const id = Array.from({ length: 8 }, (_, i) => ((h ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0).toString(16).padStart(8, '0')).join('');
      f = { out: createWriteStream(join(tmp, `${key}-${id}.log`)), buf: '' };
      files.set(key, f);
    }
    const d = new Date(t0 + n * 40);
    const time = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000000Z`;
    // gunicorn's access log and error log are usually `-`: stdout and stderr.
    const stream = /^\d+\.\d+\.\d+\.\d+ - - \[/.test(r.log) ? 'stdout' : 'stderr';
    f.buf += `${time} ${stream} F ${r.log}\n`;
    if (f.buf.length > 1 << 16) {
      if (!f.out.write(f.buf)) await new Promise((res) => f.out.once('drain', res));
      f.buf = '';
    }
    n++;
  }
  await Promise.all([...files.values()].map((f) => new Promise((res) => f.out.end(f.buf, res))));
  renameSync(tmp, criDir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const w = await realisticWorkload(Number(process.env.BENCH_LINES ?? 2_000_000));
  console.log({ dir: w.dir, lines: w.lines, bytes: w.bytes, criFiles: w.criFiles.length, criBytes: w.criBytes, generator: w.generator });
}
