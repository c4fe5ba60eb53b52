import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { currentDemoOtp, DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { submitOtp } from './support/login.ts';
import { horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/**
 * The neutrality pledge in Bangli: an agency head uploads the signed pact and a declaration video
 * from their own page; the Kesbangpol officer verifies it on the compliance board, which updates.
 */

let server: RunningServer | undefined;
let browser: Browser | undefined;

const OFFICER = 'kesbangpol.bangli';
const HEAD = { username: `kadis.e2e.${crypto.randomBytes(3).toString('hex')}`, password: 'kadis-e2e-2024!' };
const PDF = Buffer.from(
  '%PDF-1.4\n% e2e signed pact\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  crypto.randomBytes(4096),
]);

before(async () => {
  // The demo campaign would put a second upload form on the head's page; the accounts are enough.
  server = await startServer({ SINERGI_DEMO_DATA: '0' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A cookie session of a demo account through the API, for setting up the scenario. */
async function apiSession(username: string): Promise<Record<string, string>> {
  assert.ok(server);
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, otp: currentDemoOtp(username) }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

async function post<T>(headers: Record<string, string>, path: string, body: unknown): Promise<T> {
  assert.ok(server);
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

async function signIn(page: Page, username: string, password: string, withOtp: boolean): Promise<void> {
  assert.ok(server);
  await page.goto(`${server.lanUrl}/neutrality`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  if (withOtp) {
    await submitOtp(page, username);
  }
  await page.waitForURL('**/neutrality');
}

async function chooseFile(
  page: Page,
  testId: string,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId(testId).click();
  await (await chooser).setFiles(file);
}

/** Today in Bangli (WITA, UTC+8), as the date input wants it. */
const todayWita = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

void test('an agency head uploads a signed pact and a video; the officer verifies; the board updates', async () => {
  assert.ok(server && browser);
  const officerApi = await apiSession(OFFICER);
  const agency = await post<{ id: string; name: string }>(officerApi, '/api/v1/agencies', {
    regionCode: '51.06',
    name: `Dinas Kesehatan E2E ${HEAD.username.slice(-6)}`,
    headName: 'dr. I Nyoman Arsana',
    headTitle: 'Kepala Dinas',
    headNip: '197209091999031007',
    headAccount: HEAD,
  });
  const nextYear = new Date().getUTCFullYear() + 1;
  const campaign = await post<{ id: string; title: string }>(officerApi, '/api/v1/pledge-campaigns', {
    regionCode: '51.06',
    title: `Fakta Integritas Netralitas ASN (uji ${HEAD.username.slice(-6)})`,
    deadline: `${nextYear}-09-30`,
    requireVideo: true,
  });

  // The agency head, on a phone.
  const headContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    timezoneId: 'Asia/Makassar',
  });
  const headPage = await headContext.newPage();
  const headProblems = watchPage(headPage);
  await signIn(headPage, HEAD.username, HEAD.password, false);
  const card = headPage.getByTestId('my-campaign').filter({ hasText: campaign.title });
  await card.getByText(agency.name).waitFor();
  await card.getByText('Belum ada fakta integritas yang diunggah.').waitFor();
  await screenshot(headPage, 'neutrality-01-head-before');
  await card.getByLabel('Tanggal penandatanganan').fill(todayWita());
  await chooseFile(headPage, 'scan-input', {
    name: 'fakta-integritas.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await chooseFile(headPage, 'video-input', { name: 'deklarasi.mp4', mimeType: 'video/mp4', buffer: MP4 });
  await card.getByRole('button', { name: 'Unggah' }).click();
  await card.getByTestId('my-pledge').getByText('Menunggu verifikasi').waitFor();
  await card.getByText('Fakta integritas terunggah dan menunggu verifikasi.').waitFor();
  assert.equal(await horizontalOverflow(headPage), 0, 'the agency head’s page overflows a phone screen');
  await screenshot(headPage, 'neutrality-02-head-uploaded');
  assert.deepEqual(headProblems(), []);
  await headContext.close();

  // The Kesbangpol officer, at a desk.
  const officerContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Asia/Makassar',
  });
  const page = await officerContext.newPage();
  const problems = watchPage(page);
  await signIn(page, OFFICER, DEMO_PASSWORD, true);
  await page.getByTestId('campaign-card').filter({ hasText: campaign.title }).click();
  await page.waitForURL(`**/neutrality/campaigns/${campaign.id}`);
  const row = page.locator(`[data-testid="pledge-board"] tr[data-agency="${agency.name}"]`);
  await row.and(page.locator('[data-state="pending"]')).waitFor();
  const signedBefore = Number(await page.getByTestId('progress-signed').locator('p').nth(1).innerText());
  const verifiedBefore = Number(await page.getByTestId('progress-verified').locator('p').nth(1).innerText());
  await screenshot(page, 'neutrality-03-board-pending');
  await row.getByRole('button', { name: 'Periksa' }).click();
  const drawer = page.getByTestId('pledge-review');
  await drawer.getByText('Buka video').waitFor();
  await screenshot(page, 'neutrality-04-review');
  await drawer.getByRole('button', { name: 'Verifikasi' }).click();
  await row.and(page.locator('[data-state="verified"]')).waitFor();
  await page
    .getByTestId('progress-verified')
    .getByText(String(verifiedBefore + 1), { exact: true })
    .waitFor();
  assert.equal(
    Number(await page.getByTestId('progress-signed').locator('p').nth(1).innerText()),
    signedBefore,
  );
  await screenshot(page, 'neutrality-05-board-verified');

  // The export of the same board opens as a spreadsheet.
  const xlsx = await page.evaluate<number>(
    `fetch('/api/v1/pledge-campaigns/${campaign.id}/board.xlsx').then((r) => r.status)`,
  );
  assert.equal(xlsx, 200);

  // The region's overview: the roll-up by district and the campaigns.
  await page.goto(`${server.lanUrl}/neutrality`);
  await page.getByTestId('campaign-card').filter({ hasText: campaign.title }).waitFor();
  await page.getByTestId('progress-compliance').first().waitFor();
  await screenshot(page, 'neutrality-06-overview');
  assert.deepEqual(problems(), []);
  await officerContext.close();
});
