/**
 * The HTML incident report rendered by a real browser (Debian's chromium, headless, through
 * playwright-core): the seed incident's page loads with no console error and no request but its
 * own, the looping pod's timeline shows its 20 boots, timeouts and kills and the loop span, input
 * cannot become markup, and a 500-pod report stays small. Needs the built CLI (npm test builds it).
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { browserSkip, launchBrowser, watchPage } from '../helpers/browser.js';
import { FIXTURES, MAIN, runCli } from '../helpers/run-cli.js';

const CRI_DIR = join(FIXTURES, 'seed-incident', 'var-log-containers');
const CRI_FILES = readdirSync(CRI_DIR).map((f) => join(CRI_DIR, f));
const LOOPING = 'dev/api-7f9c6d5b8-x2x9k/api';
const HEALTHY = 'prod/api-7f9c6d5b8-k4p2q/api';
const skip = browserSkip || (existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)');

async function htmlReport(args: string[], out: string): Promise<void> {
  const r = await runCli(['analyze', ...args, '--html', out]);
  if (r.code !== 0) throw new Error(`analyze exited ${r.code}: ${r.stderr}`);
}

void t.test('the seed incident in a browser', { skip }, async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'seed-incident.html');
  await htmlReport(CRI_FILES, file);
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const seen = watchPage(page);
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });

  t.same(seen.consoleErrors, [], 'no console error or warning');
  t.same(seen.requests, [url], 'no request but the page itself');

  const lane = (pod: string, event: string) =>
    page.$$eval(`article.pod[data-pod="${pod}"] g.lane[data-event="${event}"] rect.mk`, (marks) => ({
      marks: marks.length,
      events: marks.reduce((n, m) => n + Number(m.getAttribute('data-n')), 0),
    }));
  for (const event of ['boot', 'timeout', 'kill', 'exit']) {
    const l = await lane(LOOPING, event);
    t.equal(l.events, 20, `looping pod: 20 ${event} events on its timeline`);
    t.ok(l.marks >= 10, `${event}: ${l.marks} marks (two workers share a second)`);
  }
  const loops = await page.$$eval(`article.pod[data-pod="${LOOPING}"] rect.loop`, (rects) =>
    rects.map((r) => ({ start: r.getAttribute('data-start'), open: r.getAttribute('data-open'), width: (r as SVGGraphicsElement).getBoundingClientRect().width })),
  );
  t.equal(loops.length, 1, 'one loop span');
  t.equal(loops[0].start, '2023-03-15T00:43:40.000Z', 'shaded from the loop declaration');
  t.equal(loops[0].open, 'true', 'still active when the logs end');
  t.ok(loops[0].width > 500, `the span covers most of the axis on screen (${Math.round(loops[0].width)} px)`);
  const onsets = await page.$$eval(`article.pod[data-pod="${LOOPING}"] g.onset`, (g) => g.map((o) => o.getAttribute('data-time')));
  t.same(onsets, ['2023-03-15T00:42:37.000Z'], 'the first signal (the first WORKER TIMEOUT) is marked');

  t.same(await lane(HEALTHY, 'boot'), { marks: 1, events: 2 }, 'healthy pod: its two workers boot once');
  t.equal(await page.locator(`article.pod[data-pod="${HEALTHY}"] rect.loop`).count(), 0, 'and no loop');

  const order = await page.$$eval('main > section', (s) => s.map((x) => x.id));
  t.same(order, ['summary', 'timelines', 'pods', 'signals', 'noise'], 'summary first');
  const summary = await page.locator('#summary').innerText();
  t.match(summary, /Restart loop in dev\/api-7f9c6d5b8-x2x9k \(api\)/);
  t.match(summary, /CPU and memory limits/, 'with the hint');
  const noise = await page.locator('#noise').innerText();
  t.match(noise, /smallest subnormal/);
  t.match(noise, /why: benign:/, 'noise says why it was filtered');

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 1280, `no horizontal scrolling at 1280×800 (${width} px)`);
  const shot = join(dir, 'seed-incident.png');
  await page.screenshot({ path: shot, fullPage: true });
  t.ok(statSync(shot).size > 20_000, `screenshot written: ${shot}`);

  await page.emulateMedia({ media: 'print' });
  t.equal(await page.locator('nav').evaluate((n) => getComputedStyle(n).display), 'none', 'print: no navigation links');
  const pdf = await page.pdf({ preferCSSPageSize: true });
  t.ok(pdf.length > 10_000, `prints (${Math.round(pdf.length / 1024)} KiB PDF)`);
  t.same(seen.requests, [url], 'still no other request');
});

void t.test('hostile log lines and pod names render as text', { skip }, async (t) => {
  const evil = '</script><img src=x onerror=alert(1)><script>alert(2)</script><style>body{display:none}</style>';
  const pod = { pod_name: '<img src=x onerror=alert(3)>', namespace_name: 'dev"><svg onload=alert(4)>', container_name: "api' onmouseover='alert(5)" };
  const rec = (log: string, time: string) => JSON.stringify({ log: log + '\n', stream: 'stderr', time, kubernetes: pod });
  const dir = t.testdir({
    'hostile.jsonl': [
      rec(`[2023-03-15 09:42:37 +0900] [1] [ERROR] ${evil} \u001b[31mred\u001b[0m`, '2023-03-15T00:42:37Z'),
      rec('[2023-03-15 09:42:38 +0900] [1] [WARNING] Worker with pid 9 was terminated due to signal 9', '2023-03-15T00:42:38Z'),
      rec(`[2023-03-15 09:42:39 +0900] [1] [DEBUG] ${evil}`, '2023-03-15T00:42:39Z'),
    ].join('\n') + '\n',
  });
  const file = join(dir, 'hostile.html');
  await htmlReport([join(dir, 'hostile.jsonl')], file);
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const seen = watchPage(page);
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  t.same(seen.dialogs, [], 'no script ran');
  t.same(seen.requests, [url], 'no image was requested');
  t.equal(await page.locator('img, script, iframe, object, embed, foreignObject').count(), 0, 'no element came from the input');
  t.equal(await page.locator('style').count(), 1, 'only the report\'s own style sheet');
  t.equal(await page.locator('[onerror], [onload], [onmouseover]').count(), 0, 'no handler attribute');
  const signals = await page.locator('#signals').innerText();
  t.ok(signals.includes(evil), 'the line reads as it was written');
  t.ok(signals.includes('\u241b[31mred\u241b[0m'), 'control characters are shown, not swallowed');
  t.ok((await page.locator('#noise').innerText()).includes(evil), 'in the noise table too');
  t.ok((await page.locator('#timelines').innerText()).includes('dev"><svg onload=alert(4)>/<img src=x onerror=alert(3)>'), 'the pod name too');
  t.ok(await page.locator('body').isVisible(), 'no style from the input applies');
});

void t.test('500 pods: the busiest first, the rest summarised, under 2 MB; render time measured', { skip }, async (t) => {
  const dir = t.testdir({});
  // The benchmark's seeded generator: CRI files as the kubelet writes them.
  const workload = (await import(pathToFileURL(join(FIXTURES, '..', '..', 'bench', 'workload.mjs')).href)) as {
    generateWorkload(o: { dir: string; lines: number; pods: number; loopingPods: number; seed: number }): Promise<{ files: string[] }>;
  };
  const generated = await workload.generateWorkload({ dir: join(dir, 'logs'), lines: 63_744, pods: 498, loopingPods: 12, seed: 7 });
  // 128 lines a pod (a looping pod overshoots by at most 7 per pod), so all 498 files exist; with
  // the incident's two pods, at least one loop among 500.
  const files = [...generated.files, ...CRI_FILES];
  t.equal(files.length, 500);
  const file = join(dir, 'pods-500.html');
  await htmlReport(files, file);
  const bytes = statSync(file).size;
  t.ok(bytes < 2 * 1024 * 1024, `the page is ${Math.round(bytes / 1024)} KiB (< 2 MiB)`);

  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const seen = watchPage(page);
  const url = pathToFileURL(file).href;
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  // Two animation frames: style, layout and the first paint are done.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const ms = performance.now() - t0;
  t.comment(`500-pod report: ${Math.round(bytes / 1024)} KiB, loaded and painted in ${Math.round(ms)} ms (headless chromium; not asserted)`);
  t.same(seen.consoleErrors, []);
  t.same(seen.requests, [url]);
  t.equal(await page.locator('article.pod').count(), 30, 'timelines for the 30 busiest pods');
  t.equal(await page.locator('#pods tbody tr').count(), 500, 'every pod in the table');
  const looping = await page.$$eval('article.pod', (a) => a.map((p) => p.querySelector('.looping') !== null));
  const firstQuiet = looping.indexOf(false);
  t.ok(firstQuiet > 0 && looping.slice(firstQuiet).every((l) => !l), `the ${firstQuiet} looping pods come first`);
  t.equal(await page.locator(`article.pod[data-pod="${LOOPING}"]`).count(), 1, 'the incident pod has its timeline');
  t.match(await page.locator('#pods > p').first().innerText(), /The 30 busiest pods have timelines above\. The other 470:/);
  writeFileSync(join(dir, 'render-ms.txt'), `${Math.round(ms)}\n`);
});
