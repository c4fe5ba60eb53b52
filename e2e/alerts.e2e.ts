import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { currentDemoOtp, DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { apiSession } from './support/api.ts';
import { submitOtp } from './support/login.ts';
import { horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/**
 * Alerts in the browser: the bell in the header lights up live (server-sent events through the CSP)
 * when a critical report is filed elsewhere, the officer handles the alert, and registers a webhook
 * that then receives the next alert signed.
 */

let server: RunningServer | undefined;
let browser: Browser | undefined;
let receiver: http.Server | undefined;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

before(async () => {
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  const hookPort = (receiver.address() as AddressInfo).port;
  server = await startServer({ SINERGI_DEMO_DATA: '0', SINERGI_WEBHOOK_ALLOWLIST: `127.0.0.1:${hookPort}` });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  assert.ok(server);
  await page.goto(`${server.lanUrl}/`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await submitOtp(page, username);
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

const DISTRICT = '15.04.04';
const DISTRICT_NAME = 'Batin XXIV';

void test('the bell lights up live, the officer handles the alert, a webhook receives the next one', async () => {
  assert.ok(server && browser);
  // The province officer clears the way through the API (the regency officer's one-time code is
  // kept for the browser: a TOTP code is accepted once).
  const officerApi = await apiSession(server.url, 'kesbangpol.jambi', currentDemoOtp('kesbangpol.jambi'));
  const reporterApi = await apiSession(server.url, 'pelapor.batanghari');
  // The demo data may already hold an alert for the district; close it so a new one opens.
  const existing = await officerApi<{ items: Array<{ id: string; kind: string; status: string }> }>(
    'GET',
    `/api/v1/alerts?region=${DISTRICT}&limit=200`,
  );
  for (const alert of existing.items.filter((a) => a.status !== 'closed'))
    await officerApi('POST', `/api/v1/alerts/${alert.id}/close`, { note: 'Ditutup sebelum uji E2E' });

  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  const problems = watchPage(page);
  await signIn(page, 'kesbangpol.batanghari');
  const bell = page.getByTestId('alert-bell');
  await bell.waitFor();
  await bell.click();
  await page.getByText('Langsung', { exact: true }).waitFor();
  await screenshot(page, 'alerts-01-bell-before');

  // A critical report filed by the village head's phone, somewhere else.
  const title = `Pembakaran posko relawan di ${DISTRICT_NAME} ${crypto.randomBytes(2).toString('hex')}`;
  const started = Date.now();
  await reporterApi('POST', '/api/v1/reports', {
    id: crypto.randomUUID(),
    regionCode: `${DISTRICT}.2001`,
    occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
    category: 'intimidation_violence',
    severity: 4,
    title,
    description: 'Posko relawan dibakar orang tak dikenal dini hari. Laporan uji E2E.',
    reporter: { name: 'Saksi Rahasia E2E' },
  });
  const fresh = page.locator('.alert-bell-item--fresh', {
    hasText: `Laporan kritis di Kecamatan ${DISTRICT_NAME}`,
  });
  await fresh.waitFor({ timeout: 10_000 });
  console.log(`[alerts e2e] bell updated ${Date.now() - started} ms after the report was filed`);
  await screenshot(page, 'alerts-02-bell-live');

  // Open it: the reports behind it (no reporter), then acknowledge, take it, close it with a note.
  await fresh.click();
  await page.waitForURL('**/alerts/*');
  const detail = page.getByTestId('alert-detail');
  await detail.getByText(title).waitFor();
  assert.equal(await detail.getByText('Saksi Rahasia E2E').count(), 0);
  await screenshot(page, 'alerts-03-detail');
  await detail.getByRole('button', { name: 'Tandai diketahui' }).click();
  await detail.getByTestId('alert-status').getByText('Diketahui').waitFor();
  await detail.getByRole('button', { name: 'Saya tangani' }).click();
  await detail.getByText(/Ditangani oleh Operator Kesbangpol Batanghari/).waitFor();
  const close = detail.getByRole('button', { name: 'Tutup peringatan' });
  assert.equal(await close.isDisabled(), true, 'closing needs a note');
  await detail.getByLabel('Catatan penanganan').fill('Polsek mengamankan lokasi; rakor Forkopimda digelar.');
  await close.click();
  await detail.getByTestId('alert-status').getByText('Ditutup').waitFor();
  await detail.getByText('Polsek mengamankan lokasi; rakor Forkopimda digelar.').waitFor();
  await screenshot(page, 'alerts-04-closed');

  // Webhooks: a host off the allowlist is refused; an allowed one shows its secret once.
  await page.getByRole('tab', { name: 'Webhook' }).click();
  await page.getByRole('textbox', { name: 'Wilayah' }).fill('batanghari');
  await page.getByRole('option', { name: /Kabupaten Batanghari/ }).click();
  await page.getByTestId('webhook-url').fill('https://pengumpul-data.example.com/masuk');
  await page.getByRole('button', { name: 'Daftarkan webhook' }).click();
  await page
    .getByTestId('webhook-error')
    .getByText(/tidak ada dalam daftar host yang diizinkan/)
    .waitFor();
  await screenshot(page, 'alerts-05-webhook-refused');
  const hookUrl = `http://127.0.0.1:${(receiver?.address() as AddressInfo).port}/sinergi`;
  await page.getByTestId('webhook-url').fill(hookUrl);
  await page.getByRole('button', { name: 'Daftarkan webhook' }).click();
  const secretBox = page.getByTestId('webhook-secret');
  await secretBox.waitFor();
  const secret = ((await secretBox.locator('.webhook-secret').textContent()) ?? '').trim();
  assert.match(secret, /^whsec_/);
  await page.getByText(hookUrl).waitFor();
  await screenshot(page, 'alerts-06-webhook-secret');

  // The next alert in the regency reaches the receiver, signed with that secret.
  await reporterApi('POST', '/api/v1/reports', {
    id: crypto.randomUUID(),
    regionCode: `${DISTRICT}.2001`,
    occurredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    category: 'supporter_clash',
    severity: 4,
    title: `Bentrokan kedua di ${DISTRICT_NAME}`,
    description: 'Laporan uji E2E kedua.',
  });
  const deadline = Date.now() + 20_000;
  while (!received.some((r) => r.body.includes(`Bentrokan kedua di ${DISTRICT_NAME}`))) {
    assert.ok(Date.now() < deadline, 'no webhook delivery within 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const delivery = received.find((r) => r.body.includes(`Bentrokan kedua di ${DISTRICT_NAME}`));
  assert.ok(delivery);
  const timestamp = String(delivery.headers['x-sinergi-timestamp']);
  const expected = `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
  assert.equal(delivery.headers['x-sinergi-signature'], expected);

  // The alerts page on a phone.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${server.lanUrl}/alerts`);
  await page.getByTestId('alert-list').waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the alerts page overflows a 360 px screen');
  await screenshot(page, 'alerts-07-phone');

  assert.deepEqual(problems(), []);
  await context.close();
});
