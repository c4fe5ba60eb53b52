import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LAN_HOST, REPO_ROOT } from './server.ts';

export const OUTPUT_DIR = path.join(REPO_ROOT, 'e2e', 'output');

/**
 * Debian's Chromium; nothing here may download a browser. LAN_HOST resolves to 127.0.0.1 inside
 * it, so a test can use the app from an origin that is not "potentially trustworthy" (no https,
 * not localhost), where browsers withhold secure-context features and honour CSP upgrades.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SINERGI_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`,
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects what a person would never see but should never happen: uncaught errors, console errors
 * (a Content-Security-Policy violation is one) and failed requests for the app's own files.
 */
export function watchPage(page: Page): () => string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // The browser logs every 4xx answer; the scenarios provoke some (401 before login, 409 on purpose).
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    // Over plain http on a LAN host the browser notes that it ignores COOP, which needs https.
    if (text.includes('Cross-Origin-Opener-Policy header has been ignored')) return;
    problems.push(`console: ${text}`);
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // Navigating away aborts requests still in flight; that is not a fault.
    if (failure.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  return () => problems;
}

/** The page's width overflow in CSS pixels (0 when nothing sticks out sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A string expression: it runs in the page, and this file is compiled without the DOM types.
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** A same-origin API call made by the page itself, so it carries the page's session cookie. */
export async function fetchInPage<T = unknown>(
  page: Page,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ path, method, body }) => {
      const response = await fetch(path, {
        method: method ?? 'GET',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
    { path, method: init.method, body: init.body },
  );
}
