import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { submitOtp } from './support/login.ts';
import { pdfText } from '../apps/api/src/modules/meetings/testing.ts';
import { horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/**
 * A Kesbangpol officer of Tanjung Jabung Timur records a rakor on a phone: creates the meeting,
 * adds participants, taps them present (one represented by a deputy), records a decision with a
 * follow-up, finds it on the follow-up board (overdue, since its date has passed) and downloads
 * the minutes, whose text names the representative and the decision.
 */

let server: RunningServer | undefined;
let browser: Browser | undefined;

const OFFICER = 'kesbangpol.tanjabtim';
const TITLE = 'Rapat Koordinasi Forkopimda Menghadapi Pilkada 2024';
const DECISION = 'Meningkatkan deteksi dini konflik sosial di Dapil 1 menjelang pemungutan suara.';
const FOLLOW_UP = 'Laporan harian situasi kamtibmas setiap Polsek';

before(async () => {
  // Demo meetings would crowd the board this test reads; the accounts are enough.
  server = await startServer({ SINERGI_DEMO_DATA: '0' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

void test('an officer records a rakor on a phone: attendance, a decision with a follow-up, the board and the minutes', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    timezoneId: 'Asia/Jakarta',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = watchPage(page);

  await page.goto(`${server.lanUrl}/meetings`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(OFFICER);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await submitOtp(page, OFFICER);
  await page.waitForURL('**/meetings');
  await page.getByText('Belum ada rapat.').waitFor();

  // The meeting: the region is the officer's regency, the time its wall-clock time (WIB).
  await page.getByTestId('new-meeting').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('region-picked').getByText('Kabupaten Tanjung Jabung Timur').waitFor();
  await dialog.getByLabel('Judul').fill(TITLE);
  await dialog.getByTestId('meeting-starts-at').fill('2024-11-12T09:00');
  await dialog.getByLabel('Tempat').fill('Aula Kantor Kesbangpol Tanjab Timur');
  await dialog.getByRole('textbox', { name: 'Dasar hukum' }).click();
  await page.getByRole('option', { name: /^UU 7\/2012/ }).click();
  await dialog
    .getByLabel('Acara')
    .fill('Pembukaan oleh Plt. Bupati\nMateri narasumber Kejaksaan, TNI dan Polri');
  await screenshot(page, 'meetings-01-new');
  await dialog.getByTestId('create-meeting').click();
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const meetingUrl = page.url();
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await page.getByText('Selasa, 12 November 2024').first().waitFor();

  // Participants, then attendance taken by tapping.
  for (const [name, position, institution] of [
    ['Suhas Purrojani', 'Asisten I Setda', 'Bupati/Wali Kota'],
    ['AKBP Kapolres', 'Kapolres Tanjung Jabung Timur', 'Polres'],
  ] as const) {
    await page.getByLabel('Nama', { exact: true }).fill(name);
    await page.getByLabel('Jabatan', { exact: true }).fill(position);
    await page.getByRole('textbox', { name: 'Instansi' }).fill(institution);
    await page.keyboard.press('Escape');
    await page.getByTestId('add-participant').click();
    await page.locator(`[data-participant="${name}"]`).waitFor();
  }
  await page.getByRole('button', { name: 'Tandai kehadiran Suhas Purrojani' }).click();
  await page.locator('[data-participant="Suhas Purrojani"][data-attended="true"]').waitFor();
  const kapolres = page.locator('[data-participant="AKBP Kapolres"]');
  await kapolres.getByText('Diwakili oleh…').click();
  await kapolres.getByLabel('Nama yang mewakili').fill('Kompol Wakapolres');
  await kapolres.getByLabel('Jabatan').fill('Wakapolres');
  await kapolres.getByRole('button', { name: 'Simpan' }).click();
  const deputy = page.locator('[data-participant="Kompol Wakapolres"][data-attended="true"]');
  await deputy.getByText('mewakili Kapolres Tanjung Jabung Timur (AKBP Kapolres)').waitFor();
  await page.getByText('2 dari 2 hadir').waitFor();
  await screenshot(page, 'meetings-02-attendance');

  // A decision with a follow-up owned by the Polres.
  await page.getByLabel('Isi keputusan').fill(DECISION);
  await page.getByLabel('Tindak lanjut', { exact: true }).fill(FOLLOW_UP);
  await page.getByRole('textbox', { name: 'Penanggung jawab' }).fill('Polres');
  await page.keyboard.press('Escape');
  await page.getByTestId('follow-up-due').fill('2024-11-30');
  await page.getByTestId('add-decision').click();
  await page.locator('[data-decision="1"]').getByText(DECISION, { exact: false }).waitFor();
  await page
    .locator(`[data-follow-up="${FOLLOW_UP}"]`)
    .getByText('Sabtu, 30 November 2024', { exact: false })
    .waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the meeting page overflows a phone screen');
  await screenshot(page, 'meetings-03-decision');

  // The board: grouped by owner, and overdue since 30 November 2024 has passed.
  await page.getByRole('link', { name: 'Semua rapat' }).click();
  await page.getByText('Tindak lanjut', { exact: true }).first().click();
  await page.waitForURL('**/meetings?view=board');
  const group = page.locator('[data-owner="Polres"]');
  await group.locator(`[data-follow-up="${FOLLOW_UP}"][data-overdue="true"]`).waitFor();
  await group.getByText('Terlambat').first().waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the board overflows a phone screen');
  await screenshot(page, 'meetings-04-board');

  // The minutes, downloaded as a person would.
  await page.goto(meetingUrl);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('minutes').click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^notulen-2024-11-12-.*\.pdf$/);
  const file = await download.path();
  const pdf = fs.readFileSync(file);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const { text } = await pdfText(pdf);
  for (const expected of [
    'PEMERINTAH KABUPATEN TANJUNG JABUNG TIMUR',
    'Selasa, 12 November 2024',
    'Kompol Wakapolres',
    'Hadir, mewakili Kapolres Tanjung Jabung Timur (AKBP Kapolres)',
    DECISION,
    FOLLOW_UP,
  ])
    assert.ok(text.includes(expected), `the minutes lack "${expected}"`);

  await screenshot(page, 'meetings-05-meeting');

  // A meeting outside the officer's region (or gone) names what is missing and leads back to the list.
  await page.goto(`${server.lanUrl}/meetings/00000000-0000-4000-8000-000000000000`);
  await page.getByTestId('detail-error').getByText('Rapat tidak ditemukan di wilayah Anda.').waitFor();
  await screenshot(page, 'meetings-06-not-found');
  await page.getByRole('link', { name: 'Semua rapat' }).click();
  await page.waitForURL(/\/meetings$/);
  assert.deepEqual(problems(), []);
  await context.close();
});
