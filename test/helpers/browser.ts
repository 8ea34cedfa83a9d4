import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium; CI installs it (.ci/install-chromium.sh). */
export const CHROMIUM = process.env.LOGSIFT_CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or false when they can. */
export const browserSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install chromium, or bash .ci/install-chromium.sh)`;

/**
 * Headless chromium with nothing of its own on the network (no component updates, sync or
 * first-run fetches), so any request a page makes is the page's own; a fresh profile each time.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'logsift-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Exactly these flags (Playwright's defaults would add their own); the pipe is how Playwright talks to it.
    ignoreDefaultArgs: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    timeout: 60_000,
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageWatch {
  requests: string[];
  consoleErrors: string[];
  dialogs: string[];
}

/** Records every request, console error, page error and dialog (an alert() would be one) of a page. */
export function watchPage(page: Page): PageWatch {
  const w: PageWatch = { requests: [], consoleErrors: [], dialogs: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => w.consoleErrors.push(`pageerror: ${err.message}`));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  return w;
}
