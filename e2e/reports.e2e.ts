import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentDemoOtp, DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { apiSession } from './support/api.ts';
import { submitOtp } from './support/login.ts';
import { launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/**
 * Early-warning reports in the browser: a field reporter files 20 reports on a phone with no
 * connection, reloads the page offline, comes back online and sees them sent, each stored once; the
 * Kesbangpol officer finds them in the inbox, verifies some in bulk, opens one and sees the map, and
 * the phone shows the new status.
 */

let server: RunningServer | undefined;
let browser: Browser | undefined;
const COUNT = 20;
const MARK = `Luring${Date.now().toString(36)}`;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(
  page: Page,
  base: string,
  username: string,
  landing: string,
  otp: boolean,
): Promise<void> {
  await page.goto(`${base}${landing}`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  if (otp) {
    await submitOtp(page, username);
  }
}

async function fileReport(page: Page, i: number): Promise<void> {
  const district = page.locator('#place1');
  if ((await district.inputValue()) === '') {
    const first = await district.locator('option[value]:not([value=""])').first().getAttribute('value');
    await district.selectOption(first ?? '');
  }
  const village = page.locator('#place2');
  await village.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  const villageCode = await village
    .locator('option[value]:not([value=""])')
    .nth(i % 3)
    .getAttribute('value');
  await village.selectOption(villageCode ?? '');
  await page.locator('#category').selectOption(i % 2 ? 'money_politics' : 'supporter_clash');
  await page.locator(`input[name=severity][value="${1 + (i % 4)}"]`).check();
  await page.locator('#title').fill(`${MARK} laporan ${i}`);
  await page.locator('#description').fill(`Laporan uji luring nomor ${i}: warga melihat pembagian amplop.`);
  // Half of them with the phone's position (GPS needs no connection).
  if (i % 2 === 0) await page.locator('#locate').check();
  await page.getByRole('button', { name: 'Simpan & kirim' }).click();
  await page.locator(`#list li:has-text("${MARK} laporan ${i}")`).waitFor();
}

void test('a field reporter files 20 reports offline; after a reload and reconnecting they are stored once', async () => {
  assert.ok(server && browser);
  // 127.0.0.1 is a secure context, as https would be in production: service workers need one.
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Asia/Jakarta',
    geolocation: { latitude: -1.7166, longitude: 103.1 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  const problems = watchPage(page);

  await signIn(page, server.url, 'pelapor.batanghari', '/field', false);
  await page.waitForURL('**/field.html', { timeout: 60_000 });
  await page
    .locator('#place1 option[value]:not([value=""])')
    .first()
    .waitFor({ state: 'attached', timeout: 60_000 });
  // The page and its assets are kept by the service worker before we go offline.
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await page.waitForFunction(
    'navigator.serviceWorker.controller !== null || caches.has("sinergi-field")',
    null,
    {
      timeout: 60_000,
    },
  );
  await page.waitForFunction('caches.open("sinergi-field").then((c) => c.keys()).then((k) => k.length >= 2)');
  await screenshot(page, 'reports-field-online');

  await context.setOffline(true);
  await page.locator('#net[data-state="offline"]').waitFor();
  for (let i = 0; i < COUNT; i += 1) await fileReport(page, i);
  assert.equal(await page.locator('#summary').getAttribute('data-queued'), String(COUNT));
  await screenshot(page, 'reports-field-offline-queued');

  // Reloading without a connection: the service worker serves the page, IndexedDB keeps the queue.
  await page.reload();
  await page.locator('#summary[data-queued="20"]').waitFor();
  assert.equal(await page.locator('#list li[data-state="queued"]').count(), COUNT);
  await screenshot(page, 'reports-field-offline-reloaded');

  await context.setOffline(false);
  await page.locator('#summary[data-sent="20"]').waitFor({ timeout: 60_000 });
  assert.match((await page.locator('#summary').textContent()) ?? '', /20 terkirim, 0 menunggu/);
  await screenshot(page, 'reports-field-sent');

  // Each report is on the server exactly once (the ids were made on the phone).
  const titles = await page.evaluate<{ items: Array<{ title: string; channel: string }> }>(
    `fetch('/api/v1/reports?limit=200&q=${MARK}').then((r) => r.json())`,
  );
  const mine = titles.items.filter((r) => r.title.startsWith(MARK));
  assert.equal(mine.length, COUNT);
  assert.equal(new Set(mine.map((r) => r.title)).size, COUNT);
  assert.ok(mine.every((r) => r.channel === 'mobile'));

  // Reloading online sends nothing twice.
  await page.reload();
  await page.locator('#summary[data-sent="20"]').waitFor();

  // The Kesbangpol officer verifies the first three in the inbox (bulk), and opens one.
  const officerContext = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    timezoneId: 'Asia/Jakarta',
  });
  const officer = await officerContext.newPage();
  const officerProblems = watchPage(officer);
  await signIn(officer, server.lanUrl, 'kesbangpol.batanghari', '/reports', true);
  await officer.waitForURL('**/reports');
  await officer.getByTestId('reports-search').fill(MARK);
  // The search applies after a pause in typing: until then the list shows every new report of the
  // regency (more than the 20), so wait for exactly the 20 before ticking any.
  const listed = officer.locator('[data-testid="report-list"] [data-report-id]');
  const listedExactly = async (n: number) => {
    const until = Date.now() + 30_000;
    while ((await listed.count()) !== n) {
      if (Date.now() > until) throw new Error(`expected ${n} reports listed, saw ${await listed.count()}`);
      await officer.waitForTimeout(100);
    }
  };
  await listedExactly(COUNT);
  const boxes = officer.locator('[data-testid="report-list"] input[type=checkbox]');
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
  await officer.getByTestId('bulk-verify').click();
  await officer.getByRole('status').getByText('3 berhasil, 0 gagal.').waitFor();
  await screenshot(officer, 'reports-inbox-bulk-verified');
  // The filters live in the address: after a reload the inbox still shows the new reports of the
  // search, now without the three verified.
  await officer.reload();
  assert.equal(await officer.getByTestId('reports-search').inputValue(), MARK);
  await listedExactly(COUNT - 3);
  await officer.getByTestId('reports-search').fill('');
  await officer.locator('[data-testid="report-list"] a').first().click();
  await officer.getByTestId('report-detail').waitFor();
  await screenshot(officer, 'reports-detail');
  await officer.getByRole('tab', { name: 'Peta' }).click();
  await officer.getByTestId('report-map').waitFor();
  await officer
    .locator('[data-testid="report-map"] path.leaflet-interactive')
    .nth(COUNT / 2 - 1)
    .waitFor();
  await screenshot(officer, 'reports-map');
  assert.deepEqual(officerProblems(), []);

  // Back on the phone, three reports now show the officer's verification.
  await page.locator('#list li[data-state="verified"]').nth(2).waitFor({ timeout: 60_000 });
  await screenshot(page, 'reports-field-verified');
  assert.deepEqual(
    problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_NETWORK_CHANGED/.test(p)),
    [],
  );
  await officerContext.close();
  await context.close();
});

void test('a regency with over a thousand located reports is drawn on one canvas, not an element per point', async () => {
  assert.ok(server && browser);
  const base = server.url;
  // Banyuasin (16.07): its officer's scope; the demo's reports there are few.
  const admin = await apiSession(base, 'admin', currentDemoOtp('admin'));
  const regions = async (parent: string) =>
    (
      await admin<{ items: Array<{ code: string }> }>('GET', `/api/v1/regions?parent=${parent}&limit=500`)
    ).items.map((r) => r.code);
  const villages: string[] = [];
  for (const district of (await regions('16.07')).slice(0, 4)) villages.push(...(await regions(district)));
  const item = (i: number) => ({
    regionCode: villages[i % villages.length],
    occurredAt: new Date(Date.now() - (i % 240) * 60_000).toISOString(),
    category: 'hate_speech_hoax',
    severity: 1 + (i % 2),
    title: `Selebaran provokatif nomor ${i}`,
    description: 'Selebaran tanpa identitas ditemukan di pasar dan masjid.',
    location: { lat: -2.9 + (i % 37) / 60, lon: 104.5 + (i % 41) / 60 },
  });
  for (const [from, to] of [
    [0, 1000],
    [1000, 1100],
  ] as const)
    await admin(
      'POST',
      '/api/v1/reports/batch',
      Array.from({ length: to - from }, (_, k) => item(from + k)),
    );
  const { items } = await admin<{ items: unknown[] }>('GET', '/api/v1/reports/points?region=16.07');
  assert.ok(items.length > 1000, `${items.length} points`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await signIn(page, base, 'kesbangpol.banyuasin', '/reports', true);
  await page.getByRole('tab', { name: 'Peta' }).click();
  await page.getByText(`${items.length} laporan berlokasi.`).waitFor();
  await page.locator('[data-testid="report-map"] canvas').waitFor();
  assert.equal(await page.locator('[data-testid="report-map"] path.leaflet-interactive').count(), 0);
  // The points themselves are on it: pixels in the fill of "Sedang" (#fab005), which the boundaries
  // never use.
  const mediumPixels = await page.locator('[data-testid="report-map"] canvas').evaluate((element) => {
    // The browser's canvas, typed here by what is used of it (the tests compile without the DOM types).
    const canvas = element as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(...box: number[]): { data: ArrayLike<number> } } | null;
    };
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let count = 0;
    for (let i = 0; i + 3 < data.length; i += 4) {
      const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
      if (Math.abs(r - 250) < 12 && Math.abs(g - 176) < 12 && b < 40) count += 1;
    }
    return count;
  });
  assert.ok(mediumPixels > 1000, `${mediumPixels} pixels in the colour of medium severity`);
  await screenshot(page, 'reports-map-canvas');
  assert.deepEqual(problems(), []);
  await context.close();
});
