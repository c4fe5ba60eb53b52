import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { submitOtp } from './support/login.ts';
import { fetchInPage, horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
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

void test('a regency officer signs in with a TOTP code, browses down to a village, and switches to English', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems = watchPage(page);

  // The browser reaches the server as a LAN install would: plain http, not localhost.
  // Unsigned visitors land on the login page, in Indonesian, from the root or from a deep link.
  await page.goto(`${server.lanUrl}/`);
  await page.waitForURL('**/login');
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  await screenshot(page, '01-login');
  await page.goto(`${server.lanUrl}/regions`);
  await page.waitForURL('**/login');

  await page.getByLabel('Nama pengguna').fill('kesbangpol.batanghari');
  await page.getByLabel('Kata sandi', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('alert').getByText('Nama pengguna atau kata sandi salah.').waitFor();

  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByLabel('Kode verifikasi').waitFor();
  await screenshot(page, '02-login-otp');
  await submitOtp(page, 'kesbangpol.batanghari');

  // Back where the guard found the visitor: the region browser, at the officer's regency.
  await page.waitForURL('**/regions/15.04');
  const header = page.getByTestId('header-user');
  await header.getByText('Operator Kesbangpol Batanghari').waitFor();
  assert.match(await header.innerText(), /Operator Kesbangpol Kabupaten\/Kota/);
  assert.match(await header.innerText(), /Kabupaten Batanghari/);
  await page.getByTestId('region-name').getByText('Kabupaten Batanghari').waitFor();
  await page.getByRole('heading', { name: 'Kecamatan' }).waitFor();
  await screenshot(page, '03-regency');

  // One district down, then one village down.
  const district = page.locator('.region-children a').first();
  const districtName = (await district.locator('.mantine-NavLink-label').innerText()).trim();
  await district.click();
  await page.waitForURL(/\/regions\/15\.04\.\d{2}$/);
  await page.getByTestId('region-name').getByText(districtName).waitFor();
  await page.getByRole('heading', { name: 'Desa/Kelurahan' }).waitFor();

  const village = page.locator('.region-children a').first();
  const villageName = (await village.locator('.mantine-NavLink-label').innerText()).trim();
  await village.click();
  await page.waitForURL(/\/regions\/15\.04\.\d{2}\.\d{4}$/);
  // The village's own code, not its name: the first district and its first village can share a name
  // (Bajubang), and the district's page, still shown for a moment after the URL changed, matched it.
  const villageCode = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await page.locator('.region-card .code-badge').getByText(villageCode, { exact: true }).waitFor();
  await page.getByTestId('region-name').getByText(villageName).waitFor();
  assert.equal(await page.getByTestId('region-zone').innerText(), 'WIB, UTC+7');
  const crumbs = await page.locator('.breadcrumbs').innerText();
  for (const part of ['Indonesia', 'Jambi', 'Kabupaten Batanghari', districtName, villageName])
    assert.ok(crumbs.includes(part), `breadcrumbs "${crumbs}" lack "${part}"`);
  // The browser runs in UTC; the clock must show the village's own time, UTC+7.
  const shown = /(\d{2})[.:](\d{2})[.:](\d{2})\s*WIB/.exec(await page.getByTestId('local-time').innerText());
  assert.ok(shown, 'no local time shown');
  const shownSeconds = Number(shown[1]) * 3600 + Number(shown[2]) * 60 + Number(shown[3]);
  const wibSeconds = (Math.floor(Date.now() / 1000) + 7 * 3600) % 86_400;
  const drift = Math.abs(shownSeconds - wibSeconds);
  assert.ok(Math.min(drift, 86_400 - drift) <= 5, `shows ${shown[0]}, WIB is ${wibSeconds} s into the day`);
  await page.getByText('Desa/kelurahan adalah tingkat wilayah terendah.').waitFor();
  await screenshot(page, '04-village');

  // The search forgives a typo ("Bulan" for "Bulian") and leads to the district.
  await page.getByLabel('Cari wilayah').fill('muara bulan');
  const option = page.getByRole('option', { name: /Muara Bulian.*Kecamatan/ });
  await option.waitFor();
  await screenshot(page, '05-search');
  await option.click();
  await page.waitForURL('**/regions/15.04.03');
  await page.getByTestId('region-name').getByText('Muara Bulian').waitFor();

  // English, remembered across a reload.
  await page.getByText('EN', { exact: true }).click();
  await page.getByRole('heading', { name: 'Villages' }).waitFor();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  assert.match(await header.innerText(), /Regency\/city Kesbangpol officer/);
  await page.reload();
  await page.getByRole('heading', { name: 'Region browser' }).waitFor();
  await page.getByRole('link', { name: 'Regions' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await screenshot(page, '06-district-en');

  await page.getByRole('link', { name: 'Home' }).click();
  await page.getByTestId('home-role').getByText('Regency/city Kesbangpol officer').waitFor();
  await page
    .getByTestId('home-region')
    .getByText(/Kabupaten Batanghari/)
    .waitFor();
  await screenshot(page, '07-home-en');

  // A phone: nothing may stick out sideways; the menu sits behind the burger.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${server.lanUrl}/regions/15.04`);
  await page.getByTestId('region-name').waitFor();
  await page.getByRole('heading', { name: 'Districts' }).waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the region page overflows a 360 px screen');
  await screenshot(page, '08-phone-regency');
  await page.getByRole('button', { name: 'Open or close the menu' }).click();
  await page.getByRole('link', { name: 'Users' }).waitFor();
  await screenshot(page, '09-phone-menu');
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  await page.locator('[data-username="pelapor.batanghari"]').waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'the users page overflows a 360 px screen');
  await screenshot(page, '10-phone-users');

  // Logging out from the account menu ends the session on the server too.
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  assert.equal((await fetchInPage(page, '/api/v1/me')).status, 401);

  assert.deepEqual(problems(), []);
  await context.close();
});
