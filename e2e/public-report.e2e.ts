import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { localDateTime, REPORT_STATUS_LABELS } from '@sinergi/shared';
import { currentDemoOtp } from '../apps/api/src/bootstrap.ts';
import { apiSession } from './support/api.ts';
import { fetchInPage, horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { LAN_HOST, startServer, type RunningServer } from './support/server.ts';

/**
 * The public report page on a cheap phone. The admin opens public intake for Batanghari (15.04) but
 * not for its district Mersam (15.04.01); a citizen comes from the sign-in page, picks the place step
 * by step (only places with intake on are offered), files an anonymous report whose first answer is
 * lost on the way back, sends it again and gets one tracking code for one stored report; the status
 * part shows it as new, then verified once the admin verifies it. A region without intake offers
 * nothing, and once the regency closes intake the page says no place is open.
 */

let server: RunningServer | undefined;
let browser: Browser | undefined;
const REGENCY = '15.04';
const CLOSED_DISTRICT = '15.04.01';
const MARK = `Warga${Date.now().toString(36)}`;

before(async () => {
  server = await startServer({ SINERGI_DEMO_DATA: '0' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

void test('a citizen files an anonymous report on a phone and follows it by its tracking code', async () => {
  assert.ok(server && browser);
  const admin = await apiSession(server.url, 'admin', currentDemoOtp('admin'));
  await admin('PUT', `/api/v1/regions/${REGENCY}/public-intake`, { enabled: true });
  await admin('PUT', `/api/v1/regions/${CLOSED_DISTRICT}/public-intake`, { enabled: false });

  // A phone set to another zone (WIT) than the place (Jambi, WIB): the page uses the place's.
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Asia/Jayapura',
  });
  const page = await context.newPage();
  const problems = watchPage(page);

  try {
    // From the sign-in page, which a citizen may find first (plain http on a LAN host: no secure context).
    await page.goto(`${server.lanUrl}/login`);
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await screenshot(page, 'public-report-login-link');
    await page.getByRole('link', { name: 'Laporkan sebagai warga, tanpa nama' }).click();
    await page.waitForURL('**/lapor');
    await page.getByRole('heading', { name: 'Lapor sebagai warga' }).waitFor();

    // Only Jambi and Batanghari have intake on, so both are taken without a tap; Mersam is left out.
    const district = page.locator('#place3');
    await district.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached' });
    const offered = async (selector: string) =>
      page
        .locator(`${selector} option`)
        .evaluateAll((options) =>
          options.map((o) => (o as unknown as { value: string }).value).filter(Boolean),
        );
    assert.deepEqual(await offered('#place1'), ['15']);
    assert.deepEqual(await offered('#place2'), [REGENCY]);
    const districts = await offered('#place3');
    assert.ok(districts.length >= 5, `districts offered: ${districts.join(', ')}`);
    assert.ok(!districts.includes(CLOSED_DISTRICT), 'a district with intake off is offered');
    assert.ok(districts.every((code) => code.startsWith(`${REGENCY}.`)));

    const districtCode = districts[0] ?? '';
    await district.selectOption(districtCode);
    const village = page.locator('#place4');
    await village.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached' });
    const villages = await offered('#place4');
    // The villages, and the district as a whole (it takes reports itself).
    assert.ok(villages.includes(districtCode));
    const villageCode = villages.find((code) => code.startsWith(`${districtCode}.`)) ?? '';
    await village.selectOption(villageCode);

    // The time of the event defaults to now in the place's zone, WIB, not the phone's WIT.
    assert.equal(await page.locator('label[for=occurred]').textContent(), 'Waktu kejadian (WIB)');
    const occurred = await page.locator('#occurred').inputValue();
    const shown = Date.parse(`${occurred}:00+07:00`);
    assert.ok(Math.abs(shown - Date.now()) < 5 * 60_000, `default time ${occurred}`);
    assert.equal(occurred.slice(0, 10), localDateTime(new Date(shown), 'Asia/Jakarta').slice(0, 10));

    await page.locator('#category').selectOption('money_politics');
    await page.getByText('Pemberian uang, barang atau janji untuk memengaruhi pilihan').waitFor();
    await page.locator('input[name=severity][value="3"]').check();
    await page.locator('#guide li.chosen').waitFor();
    await page.locator('#title').fill(`${MARK} pembagian amplop`);
    await page
      .locator('#description')
      .fill('Dua orang membagikan amplop berisi uang di depan masjid setelah isya.');
    // Nothing on the page asks who the reporter is.
    assert.equal(await page.locator('input[name*=name i], input[type=tel], input[type=email]').count(), 0);
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'public-report-form');

    // The first answer is lost on the way back (the report is stored); sending again gets the same one.
    let stored = 0;
    await page.route(
      '**/api/v1/public/reports',
      async (route) => {
        // Sent from the test process, which resolves the browser's made-up host name to nothing.
        const answer = await route.fetch({ url: route.request().url().replace(LAN_HOST, '127.0.0.1') });
        assert.equal(answer.status(), 201);
        stored += 1;
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Tidak ada sambungan ke server.').waitFor();
    assert.equal(stored, 1);
    // Minutes later, after a reload, the draft is still there, with the time of the event as sent.
    await page.clock.setFixedTime(new Date(Date.now() + 3 * 60_000));
    await page.reload();
    await page.locator(`#place4 option[value="${villageCode}"]`).waitFor({ state: 'attached' });
    assert.equal(await page.locator('#place4').inputValue(), villageCode);
    assert.equal(await page.locator('#occurred').inputValue(), occurred);
    assert.equal(await page.locator('#title').inputValue(), `${MARK} pembagian amplop`);
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const codeField = page.locator('#tracking-code');
    await codeField.waitFor();
    const trackingCode = await codeField.inputValue();
    assert.match(trackingCode, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    await page.getByRole('button', { name: 'Salin kode' }).click();
    await page.getByText('Kode disalin.').waitFor();
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'public-report-receipt');

    // Stored once, in the village, as an anonymous public report without a reporter on file.
    const listed = await admin<{
      items: Array<{
        id: string;
        regionCode: string;
        channel: string;
        anonymous: boolean;
        trackingCode: string;
      }>;
    }>('GET', `/api/v1/reports?q=${MARK}&limit=50`);
    assert.equal(listed.items.length, 1, JSON.stringify(listed.items));
    const [report] = listed.items;
    assert.ok(report);
    assert.deepEqual(
      { regionCode: report.regionCode, channel: report.channel, anonymous: report.anonymous },
      { regionCode: villageCode, channel: 'public', anonymous: true },
    );
    assert.equal(report.trackingCode, trackingCode);
    const detail = await admin<{ hasReporter: boolean; severity: number; occurredAt: string }>(
      'GET',
      `/api/v1/reports/${report.id}`,
    );
    assert.equal(detail.hasReporter, false);
    assert.equal(detail.severity, 3);
    assert.equal(detail.occurredAt.slice(0, 16), occurred);

    // The status part, reached from the receipt, says where the report stands.
    await page.getByRole('button', { name: 'Cek status sekarang' }).click();
    await page.waitForURL(`**/lapor/lacak?kode=${trackingCode}`);
    const badge = page.locator('#track-result .badge');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-status'), 'new');
    assert.equal(await badge.textContent(), REPORT_STATUS_LABELS.new.id);
    await page.getByText('menunggu diperiksa petugas Kesbangpol').waitFor();

    await admin('POST', `/api/v1/reports/${report.id}/status`, { status: 'verified' });
    // Typed by hand, in lower case and without the dash.
    await page.locator('#code').fill(trackingCode.replace('-', '').toLowerCase());
    await page.getByRole('button', { name: 'Cek', exact: true }).click();
    await page.locator('#track-result .badge[data-status="verified"]').waitFor();
    assert.equal(await page.locator('#code').inputValue(), trackingCode);
    await page.getByText('menyatakannya benar terjadi').waitFor();
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'public-report-status');

    // In English, and an unknown code is said plainly.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Check status' }).waitFor();
    await page.locator('#track-result .badge[data-status="verified"]').waitFor();
    await page.getByText('An officer has checked this report').waitFor();
    await page.locator('#code').fill('AAAA-BBBB');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('Code not found. Check how it is written.').waitFor();
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('link', { name: 'Cek status' }).waitFor();

    // A region without public intake offers nothing, to the page or to anyone asking the API.
    const closed = await fetchInPage<{ error: { code: string; message: string } }>(
      page,
      '/api/v1/public/intake-places?parent=16.07',
    );
    assert.equal(closed.status, 403);
    assert.equal(closed.body.error.code, 'report.public_intake_disabled');
    const mersam = await fetchInPage(page, `/api/v1/public/intake-places?parent=${CLOSED_DISTRICT}`);
    assert.equal(mersam.status, 403);
    await admin('PUT', `/api/v1/regions/${REGENCY}/public-intake`, { enabled: false });
    // Back to the form: the receipt stays until the citizen asks for another report.
    await page.getByRole('link', { name: 'Buat laporan' }).click();
    assert.equal(await codeField.inputValue(), trackingCode);
    await page.getByRole('button', { name: 'Buat laporan lain' }).click();
    await page.getByText('Pelaporan oleh warga belum dibuka di wilayah mana pun.').waitFor();
    assert.equal(await page.locator('#place1').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Kirim laporan' }).isVisible(), false);
    await screenshot(page, 'public-report-closed');

    // The answer lost on purpose is the only failure.
    assert.deepEqual(
      problems().filter((p) => !p.includes('ERR_CONNECTION_RESET')),
      [],
    );
  } catch (error) {
    // What the page showed and logged, to tell a slow machine from a broken page.
    await screenshot(page, 'public-report-failed').catch(() => undefined);
    throw new Error(`${String(error)}\npage problems: ${JSON.stringify(problems())}`, { cause: error });
  }
  await context.close();
});
