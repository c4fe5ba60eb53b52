import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { currentDemoOtp, DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { apiSession } from './support/api.ts';
import { submitOtp } from './support/login.ts';
import { SAMPLE_BASELINE_PATH } from '../apps/api/src/modules/risk/routes.ts';
import { horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer | undefined;
let browser: Browser | undefined;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, username: string, landing: string): Promise<void> {
  assert.ok(server);
  await page.goto(`${server.lanUrl}${landing}`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await submitOtp(page, username);
}

void test('the risk dashboard: baseline upload, a province map, drill-down to a regency and a district', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  const problems = watchPage(page);

  // The national admin uploads a file with a bad cell (named, nothing imported), then the sample.
  await signIn(page, 'admin', '/risk');
  await page.waitForURL('**/risk/ID');
  await page.getByTestId('risk-title').getByText('Kerawanan nasional').waitFor();
  await page.locator('[data-testid="risk-map"] path.leaflet-interactive').first().waitFor();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-e2e-'));
  const bad = path.join(dir, 'ikp-salah.csv');
  fs.writeFileSync(
    bad,
    'regionCode;socialPolitical;electionAdministration;contestation;participation;source;measuredOn\n' +
      '15.04;40;30;50;20;uji;2024-08-26\n15.07;40;30;lima puluh;20;uji;2024-08-26\n',
  );
  const importCard = page.getByTestId('risk-import');
  await importCard.locator('input[type="file"]').setInputFiles(bad);
  await importCard.getByRole('button', { name: 'Impor' }).click();
  await importCard.getByTestId('risk-import-problems').getByText('D3 · lima puluh').waitFor();
  await importCard.locator('input[type="file"]').setInputFiles(SAMPLE_BASELINE_PATH);
  await importCard.getByRole('button', { name: 'Impor' }).click();
  await importCard
    .getByTestId('risk-import-done')
    .getByText(/wilayah diperbarui/)
    .waitFor();
  await screenshot(page, 'risk-01-national');

  // Beside the map from 1408 px, as the national admin: Sumatera Utara's regencies hold the longest
  // name ("Kota Pematangsiantar"), which pushed the last columns out of view until names could break.
  await page.setViewportSize({ width: 1408, height: 900 });
  await page.goto(`${server.lanUrl}/risk/12`);
  await page.locator('[data-testid="risk-map"] path[data-code="12.01"]').waitFor();
  await page.locator('[data-testid="risk-table"] tbody tr').first().waitFor();
  assert.equal(
    await tableScrolledOut(page),
    0,
    'the regency ranking of Sumatera Utara scrolls sideways at 1408 px',
  );
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${server.lanUrl}/risk/12`);
  await page.locator('[data-testid="risk-table"] tbody tr').first().waitFor();
  assert.equal(
    await tableScrolledOut(page),
    0,
    'the regency ranking of Sumatera Utara scrolls sideways on a phone',
  );
  await page.setViewportSize({ width: 1360, height: 900 });

  // A week's worth of reports from Muara Bulian, two of them verified by the regency officer.
  const reporter = await apiSession(server.url, 'pelapor.batanghari');
  const officer = await apiSession(
    server.url,
    'kesbangpol.batanghari',
    currentDemoOtp('kesbangpol.batanghari'),
  );
  const titles = [
    'Bentrok pendukung paslon di Muara Bulian',
    'Intimidasi terhadap saksi di Pasar Baru',
    'Hoaks SARA menyebar di grup warga Teratai',
    'Pengerahan massa di Rengas Condong',
  ];
  for (const [i, title] of titles.entries()) {
    const report = await reporter<{ id: string }>('POST', '/api/v1/reports', {
      id: crypto.randomUUID(),
      regionCode: `15.04.03.100${i + 1}`,
      occurredAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
      category:
        i === 0
          ? 'supporter_clash'
          : i === 1
            ? 'intimidation_violence'
            : i === 2
              ? 'hate_speech_hoax'
              : 'demonstration',
      severity: i < 2 ? 4 : 3,
      title,
      description: `${title}. Laporan uji E2E.`,
    });
    if (i < 2) await officer('POST', `/api/v1/reports/${report.id}/status`, { status: 'verified' });
  }
  // The next user signs in on this browser: leave the page, then drop the admin's session.
  await page.goto('about:blank');
  await context.clearCookies();

  // The province officer lands on the map of Jambi: eleven regencies, a legend, a ranked table.
  await signIn(page, 'kesbangpol.jambi', '/');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  const started = Date.now();
  await page.goto(`${server.lanUrl}/risk`);
  await page.waitForURL('**/risk/15');
  const regencies = page.locator('[data-testid="risk-map"] path.leaflet-interactive');
  await page.locator('[data-testid="risk-map"] path[data-code="15.04"]').waitFor();
  const firstDrawMs = Date.now() - started;
  console.log(`[risk e2e] province dashboard first draw: ${firstDrawMs} ms`);
  assert.equal(await regencies.count(), 11);
  await page.getByTestId('risk-legend').getByText('Tinggi').waitFor();
  assert.equal(await page.locator('[data-testid="risk-table"] tbody tr').count(), 11);
  // Score labels on every regency big enough to hold one (the two kota are named on hover).
  const labels = await page.locator('.risk-map-label').count();
  assert.ok(labels >= 8 && labels <= 11, `${labels} score labels`);
  await screenshot(page, 'risk-02-province-jambi');

  // Drilling into Batanghari by clicking it on the map.
  await page.locator('[data-testid="risk-map"] path[data-code="15.04"]').click();
  await page.waitForURL('**/risk/15.04');
  await page.getByTestId('risk-title').getByText('Kabupaten Batanghari').waitFor();
  const first = page.locator('[data-testid="risk-table"] tbody tr').first();
  await first.getByText('Muara Bulian').waitFor();
  await page.getByTestId('risk-contributors').getByText('Bentrok pendukung paslon di Muara Bulian').waitFor();
  await page.getByTestId('risk-trend').waitFor();
  await page.getByTestId('risk-explanation').getByText('Konteks sosial politik').waitFor();
  await page
    .getByTestId('risk-explanation')
    .getByText(/Baseline ini data contoh/)
    .waitFor();
  await page.locator('[data-testid="risk-map"] path[data-code="15.04"]').waitFor();
  assert.equal(await tableScrolledOut(page), 0, 'the district ranking scrolls sideways at 1360 px');
  await screenshot(page, 'risk-03-regency-batanghari');

  // One level down: the district, with its villages ranked (no boundaries there, said so).
  await first.getByRole('button', { name: 'Muara Bulian' }).click();
  await page.waitForURL('**/risk/15.04.03');
  await page.getByTestId('risk-map-none').waitFor();
  await page.getByRole('heading', { name: 'Desa/Kelurahan' }).waitFor();
  // Without a map the ranking has the page's width: every column in view, none scrolled out.
  await page.locator('[data-testid="risk-table"] tbody tr').first().waitFor();
  assert.equal(await tableScrolledOut(page), 0, 'the village ranking scrolls sideways at 1360 px');
  await page.getByTestId('risk-alerts').waitFor();
  await screenshot(page, 'risk-04-district-muara-bulian');

  // Printed in grey, levels stay apart by lightness and pattern; and the page fits a phone.
  await page.goto(`${server.lanUrl}/risk/15`);
  await page.locator('[data-testid="risk-map"] path[data-code="15.04"]').waitFor();
  await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
  await screenshot(page, 'risk-05-province-grey');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${server.lanUrl}/risk/15`);
  await page.locator('[data-testid="risk-map"] path[data-code="15.04"]').waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the risk dashboard overflows a 360 px screen');
  assert.equal(await tableScrolledOut(page), 0, 'the regency ranking scrolls sideways on a 360 px screen');
  await screenshot(page, 'risk-06-phone');
  await page.getByTestId('risk-import').waitFor();

  // A link to a province outside the officer's scope: the refusal alone, no empty map or ranking
  // that would read as "nothing there".
  await page.goto(`${server.lanUrl}/risk/12`);
  await page.getByTestId('risk-error').getByText('Anda tidak berwenang melakukan tindakan ini.').waitFor();
  assert.equal(await page.locator('[data-testid="risk-map"], [data-testid="risk-table"]').count(), 0);
  assert.equal(await page.getByText('Tidak ada wilayah di bawah wilayah ini.').count(), 0);
  // Nor the baseline import, which would act on the officer's own province, not on this one.
  assert.equal(await page.getByTestId('risk-import').count(), 0);

  assert.deepEqual(problems(), []);
  await context.close();
});

/** How many pixels of the ranked table are scrolled out of its card sideways (-1: no table). */
function tableScrolledOut(page: Page): Promise<number> {
  // A string expression, as in horizontalOverflow: this file is compiled without the DOM types.
  return page.evaluate<number>(
    `(() => {
      const viewport = document.querySelector('[data-testid="risk-table"]')?.closest('.mantine-ScrollArea-viewport');
      return viewport ? viewport.scrollWidth - viewport.clientWidth : -1;
    })()`,
  );
}
