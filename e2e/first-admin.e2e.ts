import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { URI } from 'otpauth';
import type { Browser } from 'playwright-core';
import { horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const ADMIN = { username: 'root', password: 'a-long-bootstrap-password' };

let server: RunningServer | undefined;
let browser: Browser | undefined;

before(async () => {
  // No demo data: the only account is the bootstrap admin, who has no second factor yet.
  server = await startServer({
    SINERGI_DEMO: '0',
    SINERGI_BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

void test('the first admin must enrol TOTP before anything else, then creates and deactivates an officer', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const problems = watchPage(page);

  await page.goto(`${server.url}/users`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill(ADMIN.username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Masuk' }).click();

  // The enrolment screen: QR code, the secret in groups of four, and the otpauth link.
  await page.getByRole('heading', { name: 'Aktifkan verifikasi dua langkah' }).waitFor();
  const shownSecret = (await page.getByTestId('totp-secret').innerText()).trim();
  assert.match(shownSecret, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await page.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' }).waitFor();
  const link = await page.getByRole('link', { name: 'Buka di aplikasi autentikator' }).getAttribute('href');
  if (!link?.startsWith('otpauth://totp/')) assert.fail(`not an otpauth TOTP link: ${link}`);
  const totp = URI.parse(link);
  assert.equal(totp.secret.base32, shownSecret.replaceAll(' ', ''));
  await screenshot(page, '11-mfa-enrolment');

  // Nothing else works until enrolment is confirmed.
  const early = await page.request.get(`${server.url}/api/v1/users`);
  assert.equal(early.status(), 403);
  assert.equal(
    ((await early.json()) as { error: { code: string } }).error.code,
    'auth.mfa_enrollment_required',
  );

  await page.getByLabel('Kode dari aplikasi').fill(totp.generate());
  await page.getByRole('button', { name: 'Aktifkan dan lanjutkan' }).click();
  await page.waitForURL('**/users');
  await page.getByRole('heading', { name: 'Pengguna' }).waitFor();
  await page.locator('[data-username="root"]').waitFor();

  // The create form checks fields with the shared schema before sending anything.
  await page.getByRole('button', { name: 'Tambah pengguna' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tambah pengguna' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Buat akun' }).click();
  await dialog.getByText('Isi nama lengkap (maksimal 200 karakter).').waitFor();
  await dialog.getByText('Kata sandi minimal 10 karakter.').waitFor();
  await dialog.getByText('Pilih wilayah yang sesuai dengan peran ini.').waitFor();
  await screenshot(page, '12-create-user-errors');

  await dialog.getByLabel('Nama lengkap').fill('Operator Kesbangpol Bangli');
  await dialog.getByLabel('Nama pengguna').fill('root');
  await dialog.getByRole('button', { name: 'Buatkan' }).click();
  const initialPassword = await dialog.getByLabel('Kata sandi awal').inputValue();
  assert.equal(initialPassword.length, 16);
  await dialog.getByRole('textbox', { name: 'Peran' }).click();
  await page.getByRole('option', { name: 'Operator Kesbangpol Kabupaten/Kota' }).click();
  await dialog.getByText('wajib memakai verifikasi dua langkah').waitFor();
  await dialog.getByRole('textbox', { name: 'Wilayah tugas' }).fill('bangli');
  await page.getByRole('option', { name: /Kabupaten Bangli.*Kabupaten\/Kota/ }).click();
  await dialog.getByTestId('region-picked').getByText('Kabupaten Bangli').waitFor();
  await dialog.getByLabel('Instansi').fill('Kesbangpol Kabupaten Bangli');

  // The server's refusal (a taken username) lands on the field it concerns.
  await dialog.getByRole('button', { name: 'Buat akun' }).click();
  await dialog.getByText('Nama pengguna sudah dipakai.').waitFor();
  await dialog.getByLabel('Nama pengguna').fill('operator.bangli');
  await dialog.getByRole('button', { name: 'Buat akun' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page
    .getByRole('status')
    .getByText('Akun Operator Kesbangpol Bangli (operator.bangli) telah dibuat.')
    .waitFor();
  const row = page.locator('[data-username="operator.bangli"]');
  await row.getByText('Operator Kesbangpol Kabupaten/Kota').waitFor();
  await row.getByText('Kabupaten Bangli', { exact: true }).waitFor();
  await row.getByText('Aktif', { exact: true }).waitFor();
  await screenshot(page, '13-users');

  // Deactivate, confirmed in a dialog.
  await row.getByRole('button', { name: 'Tindakan untuk Operator Kesbangpol Bangli' }).click();
  await page.getByRole('menuitem', { name: 'Nonaktifkan akun' }).click();
  await page
    .getByRole('dialog', { name: 'Nonaktifkan akun' })
    .getByRole('button', { name: 'Nonaktifkan' })
    .click();
  await row.getByText('Nonaktif', { exact: true }).waitFor();
  const created = await page.request.get(`${server.url}/api/v1/users?q=operator.bangli`);
  const items = (
    (await created.json()) as { items: Array<{ username: string; active: boolean; role: string }> }
  ).items;
  assert.deepEqual(
    items.map(({ username, active, role }) => ({ username, active, role })),
    [{ username: 'operator.bangli', active: false, role: 'regency_officer' }],
  );

  // The new officer, with the right password, cannot log in any more.
  const login = await page.request.post(`${server.url}/api/v1/auth/login`, {
    data: { username: 'operator.bangli', password: initialPassword },
  });
  assert.equal(login.status(), 401);
  assert.equal(((await login.json()) as { error: { code: string } }).error.code, 'auth.account_disabled');

  // The same page on a phone: cards instead of a table, nothing sticking out.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  await page.locator('.mantine-Card-root[data-username="operator.bangli"]').waitFor();
  await page.locator('[data-username="operator.bangli"]').getByText('Nonaktif', { exact: true }).waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the users page overflows a 360 px screen');
  await screenshot(page, '14-phone-users-admin');

  assert.deepEqual(problems(), []);
  await context.close();
});
