import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { submitOtp } from './support/login.ts';
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

/** "52,6 %" -> 52.6; "—" -> null. */
function pctOf(text: string): number | null {
  const match = /([\d.,]+)\s*%/.exec(text);
  return match?.[1] ? Number(match[1].replace(/\./g, '').replace(',', '.')) : null;
}

void test('the stage banner and timeline follow the day, and ticking a readiness item moves the percentage', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  const problems = watchPage(page);

  // Voting day of Pilkada 2024, fixed for the rehearsal with ?on=.
  await signIn(page, 'kesbangpol.batanghari', '/?on=2024-11-27');
  const banner = page.getByTestId('stage-banner');
  await banner.getByTestId('stage-banner-stage').getByText('Pemungutan suara').waitFor();
  assert.match(await banner.innerText(), /Pemilihan Serentak 2024 \(Pilkada\)/);
  assert.match(await banner.innerText(), /Juga berjalan: Penghitungan suara dan rekapitulasi/);
  await banner.getByTestId('stage-banner-simulated').getByText('Tanggal simulasi 27 Nov 2024').waitFor();
  await screenshot(page, 'elections-01-banner-voting-day');

  // The banner is on every page; the day before it names the quiet days.
  await page.goto(`${server.lanUrl}/regions?on=2024-11-26`);
  await banner.getByTestId('stage-banner-stage').getByText('Masa tenang').waitFor();

  // The timeline: every stage on one axis, today inside it, the current stage highlighted.
  await page.goto(`${server.lanUrl}/elections?on=2024-11-27`);
  const timeline = page.getByTestId('stage-timeline');
  await timeline.waitFor();
  assert.equal(await timeline.locator('.timeline-row').count(), 12);
  assert.equal(
    await timeline.locator('.timeline-row[data-current="true"]').getAttribute('data-stage'),
    'voting',
  );
  assert.equal(
    await timeline.locator('.timeline-row[data-active="true"]').count(),
    2,
    'voting and counting are both active on 27 November',
  );
  await page.getByTestId('timeline-today').getByText('Hari ini, 27 Nov').waitFor();
  await page
    .getByTestId('stage-card-campaign')
    .getByText('Bentrokan antarpendukung pasangan calon')
    .waitFor();
  await screenshot(page, 'elections-02-timeline');

  // Readiness of the voting stage (the stage running that day is the default).
  await page.goto(`${server.lanUrl}/readiness?on=2024-11-27`);
  await page.getByTestId('readiness-total').waitFor();
  const cards = page.getByTestId('checklist-card');
  if ((await cards.count()) === 0) {
    await page.getByRole('button', { name: 'Buat daftar periksa' }).click();
    const dialog = page.getByRole('dialog');
    // The template written for voting day is suggested for the voting stage.
    const template = dialog.getByRole('textbox', { name: 'Templat' });
    for (let i = 0; i < 50 && (await template.inputValue()) === ''; i += 1) await page.waitForTimeout(100);
    assert.equal(await template.inputValue(), 'Kesiapan pemungutan suara');
    assert.equal(await dialog.getByRole('textbox', { name: 'Tahapan' }).inputValue(), 'Pemungutan suara');
    await screenshot(page, 'elections-03-create-checklist');
    await dialog.getByRole('button', { name: 'Buat', exact: true }).click();
  } else {
    await cards.first().click();
  }
  await page.waitForURL(/\/readiness\/[0-9a-f-]{36}$/);
  const checklistUrl = page.url();
  await page.getByTestId('checklist-region').getByText('Kabupaten Batanghari').waitFor();
  const total = page.getByTestId('checklist-total');
  await total.waitFor();
  const items = page.locator('[data-item-id]');
  const count = await items.count();
  const doneBefore = await page.locator('[data-item-id][data-status="done"]').count();
  const before = pctOf(await total.innerText()) ?? 0;
  assert.equal(before, Math.round((doneBefore / count) * 1000) / 10);

  const item = page.locator('[data-item-id]:not([data-status="done"])').first();
  const itemId = await item.getAttribute('data-item-id');
  assert.ok(itemId);
  await item.getByText('Selesai', { exact: true }).click();
  await page.locator(`[data-item-id="${itemId}"][data-status="done"]`).waitFor();
  const expected = Math.round(((doneBefore + 1) / count) * 1000) / 10;
  const expectedText = `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(expected)} %`;
  await page.getByTestId('checklist-total').filter({ hasText: expectedText }).waitFor();
  assert.equal(pctOf(await total.innerText()), expected);
  await screenshot(page, 'elections-04-item-ticked');

  // The board shows the same figure.
  await page.getByRole('link', { name: 'Kembali ke papan kesiapan' }).click();
  await page.getByTestId('readiness-total').waitFor();
  await page.getByTestId('readiness-total').filter({ hasText: expectedText }).waitFor();
  await screenshot(page, 'elections-05-board');

  // Below the user's region, "up" climbs back to it; outside it (a typed or shared link) there is
  // no way further up, only the refusal and the way back to the user's own region.
  await page.goto(`${server.lanUrl}/readiness?on=2024-11-27&region=15.04.01`);
  await page.getByRole('button', { name: '← Naik ke Kabupaten Batanghari' }).waitFor();
  await page.getByRole('button', { name: 'Buat daftar periksa' }).waitFor();
  await page.goto(`${server.lanUrl}/readiness?on=2024-11-27&region=16.07`);
  await page.getByText('Anda tidak berwenang melakukan tindakan ini.').waitFor();
  assert.equal(await page.getByRole('button', { name: /^← Naik ke/ }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Buat daftar periksa' }).count(), 0);
  await screenshot(page, 'elections-05b-board-outside-scope');
  await page.getByTestId('readiness-back-to-scope').click();
  await page.getByTestId('readiness-region').getByText('Kabupaten Batanghari').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('region'), null);

  // On a phone the checklist fits and the toggles stay usable.
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto(checklistUrl);
  await page.getByTestId('checklist-total').waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the checklist overflows a 360 px screen');
  await screenshot(page, 'elections-06-phone-checklist');
  await page.goto(`${server.lanUrl}/elections`);
  await page.getByTestId('stage-timeline').waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the timeline overflows a 360 px screen');
  await screenshot(page, 'elections-07-phone-timeline');

  assert.deepEqual(problems(), []);
  await context.close();
});

void test('the province board shows its regencies side by side', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  const problems = watchPage(page);
  await signIn(page, 'kesbangpol.jambi', '/readiness?on=2024-11-27');
  const children = page.getByTestId('readiness-children');
  await children.waitFor();
  // All eleven regencies and cities of Jambi are listed; Batanghari has a percentage after the first test.
  assert.equal(await children.locator('[data-region]').count(), 11);
  const batanghari = children.locator('[data-region="15.04"]');
  assert.notEqual(pctOf(await batanghari.innerText()), null);
  await screenshot(page, 'elections-08-province-board');
  assert.deepEqual(problems(), []);
  await context.close();
});
