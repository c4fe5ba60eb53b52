import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { submitOtp } from './support/login.ts';
import { pdfText } from '../apps/api/src/documents/pdf-text.ts';
import { fetchInPage, horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/**
 * The Kesbangpol of Tanjung Jabung Timur compiles its situation report for the last seven days,
 * writes the narrative and sends it; the Kesbangpol of Jambi province finds it in its inbox and in
 * the "who has reported" grid, downloads the PDF and acknowledges it.
 */

let server: RunningServer | undefined;
let browser: Browser | undefined;

const REGENCY = 'kesbangpol.tanjabtim';
const PROVINCE = 'kesbangpol.jambi';
const NARRATIVE =
  'Situasi di Kabupaten Tanjung Jabung Timur aman dan kondusif. Tidak ada gangguan berarti menjelang pemungutan suara.';

/** Today in WIB (UTC+7, no daylight saving) and six days before: the form's default period. */
function lastSevenDaysWib(): { start: string; end: string } {
  const day = (offsetDays: number) =>
    new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  return { start: day(-6), end: day(0) };
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await submitOtp(page, username);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

void test('a regency compiles, edits and sends its sitrep; the province sees it in its inbox and grid, and downloads the PDF', async () => {
  assert.ok(server && browser);
  const period = lastSevenDaysWib();

  // The regency officer: compile, write, save, send.
  const regencyContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
  });
  const regency = await regencyContext.newPage();
  const regencyProblems = watchPage(regency);
  await regency.goto(`${server.lanUrl}/sitreps`);
  await signIn(regency, REGENCY);
  await regency.waitForURL('**/sitreps');
  const form = regency.getByTestId('sitrep-compile');
  await form.getByText('Kabupaten Tanjung Jabung Timur').waitFor();
  await regency.getByText('Belum ada laporan situasi.').waitFor();
  // The browser runs in UTC; the default period is the last seven days of the officer's zone (WIB).
  assert.equal(await regency.getByTestId('sitrep-period-start').inputValue(), period.start);
  assert.equal(await regency.getByTestId('sitrep-period-end').inputValue(), period.end);
  await regency.getByTestId('sitrep-compile-submit').click();

  await regency.waitForURL(/\/sitreps\/[0-9a-f-]{36}$/);
  const sitrepId = regency.url().split('/').pop() ?? '';
  await regency.getByRole('heading', { name: 'Laporan situasi Kabupaten Tanjung Jabung Timur' }).waitFor();
  assert.equal(await regency.getByTestId('sitrep-status').textContent(), 'Draf');
  assert.equal(await regency.getByTestId('sitrep-version').textContent(), 'Versi 1');
  for (const section of [
    'sitrep-stage',
    'sitrep-reports',
    'sitrep-alerts',
    'sitrep-meetings',
    'sitrep-readiness',
  ])
    await regency.getByTestId(section).waitFor();

  const narrative = regency.getByTestId('sitrep-narrative');
  await narrative.fill(NARRATIVE);
  await regency.getByTestId('sitrep-save-state').getByText('Ada perubahan yang belum disimpan').waitFor();
  await regency.getByTestId('sitrep-save').click();
  await regency.getByTestId('sitrep-save-state').getByText('Tersimpan').waitFor();
  // Saved on the server, not only on the screen.
  await regency.reload();
  await regency.getByTestId('sitrep-narrative').waitFor();
  assert.equal(await regency.getByTestId('sitrep-narrative').inputValue(), NARRATIVE);
  await screenshot(regency, 'sitreps-01-editor');

  await regency.getByTestId('sitrep-submit').click();
  const confirm = regency.getByRole('dialog', { name: 'Kirim laporan situasi' });
  await confirm.getByText(/Kirim versi 1 ke Jambi\?/).waitFor();
  await confirm.getByTestId('sitrep-submit-confirm').click();
  await regency.getByTestId('sitrep-status').getByText('Terkirim').waitFor();
  // Sent: read-only, and a change is only possible as a new version.
  assert.equal(await regency.getByTestId('sitrep-narrative').count(), 0);
  assert.equal(await regency.getByTestId('sitrep-narrative-text').innerText(), NARRATIVE);
  await regency.getByTestId('sitrep-new-version').waitFor();
  const sent = await fetchInPage<{ status: string; narrative: string; submittedAt: string | null }>(
    regency,
    `/api/v1/sitreps/${sitrepId}`,
  );
  assert.equal(sent.body.status, 'submitted');
  assert.equal(sent.body.narrative, NARRATIVE);
  await regency.getByRole('link', { name: 'Semua laporan situasi' }).click();
  await regency.locator(`[data-sitrep-id="${sitrepId}"][data-status="submitted"]`).waitFor();
  assert.deepEqual(regencyProblems(), []);
  await regencyContext.close();

  // The province officer: the inbox, the grid, the document, the acknowledgement.
  const provinceContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  const province = await provinceContext.newPage();
  const provinceProblems = watchPage(province);
  await province.goto(`${server.lanUrl}/sitreps?view=inbox`);
  await signIn(province, PROVINCE);
  await province.waitForURL('**/sitreps?view=inbox');
  await province.getByRole('heading', { name: 'Kotak masuk' }).waitFor();
  const card = province.locator(`[data-sitrep-id="${sitrepId}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-region'), '15.07');
  assert.equal(await card.getAttribute('data-status'), 'submitted');
  await card.getByText('Kabupaten Tanjung Jabung Timur').waitFor();
  await card.getByTestId('sitrep-acknowledge').waitFor();
  await screenshot(province, 'sitreps-02-inbox');

  await province.getByText('Siapa sudah melapor', { exact: true }).click();
  await province.waitForURL('**/sitreps?view=compliance');
  const grid = province.getByTestId('compliance-grid');
  await grid.waitFor();
  assert.equal(await province.getByTestId('compliance-start').inputValue(), period.start);
  assert.equal(await province.getByTestId('compliance-end').inputValue(), period.end);
  const tanjabtim = grid.locator('[data-region="15.07"]');
  assert.equal(await tanjabtim.getAttribute('data-state'), 'reported');
  await tanjabtim.getByText('Sudah melapor').waitFor();
  assert.equal(await grid.locator('[data-region="15.04"]').getAttribute('data-state'), 'pending');
  assert.equal(await grid.locator('[data-region]').count(), 11); // every regency and city of Jambi
  await province
    .getByTestId('compliance-summary')
    .getByText(/^1 dari 11 wilayah sudah melapor/)
    .waitFor();
  await screenshot(province, 'sitreps-03-compliance');
  // Printed: the page alone, no header or navigation; the states keep their words and symbols.
  await province.emulateMedia({ media: 'print' });
  assert.equal(await province.locator('.app-header').isVisible(), false);
  assert.equal(await province.getByRole('button', { name: 'Cetak' }).isVisible(), false);
  await tanjabtim.getByText('Sudah melapor').waitFor();
  await screenshot(province, 'sitreps-04-compliance-print');
  await province.emulateMedia({ media: 'screen' });

  // The regency's sitrep, from the grid: the document as a person downloads it, then the answer.
  await tanjabtim.getByRole('link').click();
  await province.waitForURL(`**/sitreps/${sitrepId}`);
  assert.equal(await province.getByTestId('sitrep-narrative-text').innerText(), NARRATIVE);
  const downloading = province.waitForEvent('download');
  await province.getByTestId('sitrep-pdf').click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^laporan-situasi-15\.07-\d{4}-\d{2}-\d{2}-v1\.pdf$/);
  const pdf = fs.readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = await pdfText(pdf);
  for (const expected of [
    'PEMERINTAH KABUPATEN TANJUNG JABUNG TIMUR',
    'LAPORAN SITUASI',
    'aman dan kondusif',
  ])
    assert.ok(text.includes(expected), `the PDF lacks "${expected}"`);

  await province.getByTestId('sitrep-acknowledge').click();
  await province.getByTestId('sitrep-status').getByText('Diterima').waitFor();

  // On a phone nothing sticks out sideways: the figures' tables scroll inside themselves.
  await province.setViewportSize({ width: 360, height: 740 });
  await province.reload();
  await province.getByTestId('sitrep-reports').waitFor();
  assert.equal(await horizontalOverflow(province), 0, 'the sitrep page overflows a 360 px screen');
  await province.goto(`${server.lanUrl}/sitreps?view=compliance`);
  await province.getByTestId('compliance-grid').waitFor();
  assert.equal(await horizontalOverflow(province), 0, 'the grid overflows a 360 px screen');

  // A sitrep outside the province (or gone) names what is missing and leads back to the list.
  await province.goto(`${server.lanUrl}/sitreps/00000000-0000-4000-8000-000000000000`);
  await province
    .getByTestId('detail-error')
    .getByText('Laporan situasi tidak ditemukan di wilayah Anda.')
    .waitFor();
  await province.getByRole('link', { name: 'Semua laporan situasi' }).click();
  await province.waitForURL(/\/sitreps$/);

  assert.deepEqual(provinceProblems(), []);
  await provinceContext.close();
});
