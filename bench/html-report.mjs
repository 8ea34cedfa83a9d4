// The HTML incident report at scale: `logsift analyze --html` over the seeded workload with 1, 50
// and 500 pods; page size, analyze CPU time, and the time headless chromium takes to load and
// paint the page (when /usr/bin/chromium is installed). Run: npm run build && node bench/html-report.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateWorkload } from './workload.mjs';

const here = new URL('.', import.meta.url).pathname;
const main = join(here, '..', 'dist', 'cli', 'main.js');
const chromium = process.env.LOGSIFT_CHROMIUM ?? '/usr/bin/chromium';
const CASES = [
  { pods: 1, lines: 20_000, loopingPods: 1 },
  { pods: 50, lines: 100_000, loopingPods: 4 },
  { pods: 500, lines: 200_000, loopingPods: 20 },
];

/** CPU seconds (user + sys) of a child, from /usr/bin/time; wall seconds otherwise. */
function analyze(files, out) {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'logsift-bench-')), 'time');
  const hasTime = existsSync('/usr/bin/time');
  const args = [main, 'analyze', '--html', out, ...files];
  const cmd = hasTime ? ['/usr/bin/time', ['-o', timeFile, '-f', '%U %S %M', process.execPath, ...args]] : [process.execPath, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd[1], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`analyze exited ${r.status}: ${r.stderr}`);
  if (!hasTime) return { cpu: NaN, wall, rssMiB: NaN };
  const [u, s, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(timeFile, { force: true });
  return { cpu: u + s, wall, rssMiB: kb / 1024 };
}

async function renderTimes(files) {
  if (!existsSync(chromium)) return undefined;
  const { chromium: pw } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'logsift-chromium-'));
  const browser = await pw.launch({
    executablePath: chromium,
    ignoreDefaultArgs: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'],
  });
  const out = [];
  try {
    for (const file of files) {
      const times = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const t0 = performance.now();
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        times.push(performance.now() - t0);
        await page.close();
      }
      out.push(times.sort((a, b) => a - b)[1]);
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

const base = join(here, 'out', 'html-report');
mkdirSync(base, { recursive: true });
const rows = [];
for (const c of CASES) {
  const dir = join(base, `logs-${c.pods}`);
  const { files, lines } = await generateWorkload({ dir, lines: c.lines, pods: c.pods, loopingPods: c.loopingPods, seed: 42 });
  const html = join(base, `report-${c.pods}.html`);
  const a = analyze(files, html);
  rows.push({ ...c, files: files.length, lines, html, kib: statSync(html).size / 1024, ...a });
}
const render = await renderTimes(rows.map((r) => r.html));
console.log('\n| pods | lines | page KiB | analyze CPU s | analyze peak RSS MiB | chromium load+paint ms (median of 3) |');
console.log('|---:|---:|---:|---:|---:|---:|');
rows.forEach((r, i) => {
  const ms = render ? Math.round(render[i]).toString() : 'n/a (no chromium)';
  console.log(`| ${r.files} | ${r.lines.toLocaleString('en-US')} | ${Math.round(r.kib)} | ${r.cpu.toFixed(2)} | ${r.rssMiB.toFixed(0)} | ${ms} |`);
});
writeFileSync(join(base, '.done'), '');
