import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../apps/api/src/bootstrap.ts';
import { apiSession } from './support/api.ts';
import { submitOtp } from './support/login.ts';
import { horizontalOverflow, launchBrowser, screenshot, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/**
 * Data exports in the browser: a regency officer opens "Ekspor data", downloads the reports CSV of the
 * regency, watches the progress bar run and finish, and gets a file with the header row, every report
 * of the scope (a description with line breaks and quotes intact) and no trace of who reported.
 */

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

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}

const MARK = `Ekspor${crypto.randomBytes(3).toString('hex')}`;
const WITNESS = { name: `Saksi Rahasia ${MARK}`, phone: '+6281299887766' };
const TITLE = `Spanduk provokatif di simpang pasar ${MARK}`;
const DESCRIPTION = 'Baris pertama, dengan koma.\nBaris kedua menyebut "posko" relawan.\r\nBaris ketiga.';
const BULK = 240;

void test('a regency officer downloads the reports CSV with a progress bar; the file names no reporter', async () => {
  assert.ok(server && browser);

  // Enough reports that the file streams in several chunks; the marked one names its witness.
  const reporter = await apiSession(server.url, 'pelapor.batanghari');
  const occurredAt = new Date(Date.now() - 3 * 3600_000).toISOString();
  await reporter('POST', '/api/v1/reports', {
    id: crypto.randomUUID(),
    regionCode: '15.04.04.2001',
    occurredAt,
    category: 'hate_speech_hoax',
    severity: 2,
    title: TITLE,
    description: DESCRIPTION,
    reporter: WITNESS,
  });
  const bulk = Array.from({ length: BULK }, (_, i) => ({
    id: crypto.randomUUID(),
    regionCode: `15.04.0${1 + (i % 4)}`,
    occurredAt: new Date(Date.now() - (4 * 3600 + i * 60) * 1000).toISOString(),
    category: 'logistics_disruption',
    severity: 1,
    title: `Distribusi logistik terlambat ${MARK} #${i}`,
    description:
      'Kotak suara dan bilik tiba terlambat di gudang kecamatan; petugas mencatat kekurangan segel dan ' +
      'formulir. Laporan uji E2E untuk ekspor data yang cukup besar agar dialirkan dalam beberapa bagian.',
    reporter: { name: `${WITNESS.name} ${i}` },
  }));
  const stored = await reporter<{ created: number }>('POST', '/api/v1/reports/batch', bulk);
  assert.equal(stored.created, BULK);

  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Asia/Jakarta',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = watchPage(page);

  // A deep link to the page survives the login with a one-time code.
  await page.goto(`${server.lanUrl}/exports`);
  await page.waitForURL('**/login');
  await page.getByLabel('Nama pengguna').fill('kesbangpol.batanghari');
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await submitOtp(page, 'kesbangpol.batanghari');
  await page.waitForURL('**/exports');
  await page.getByRole('heading', { name: 'Ekspor data', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Ekspor data' }).waitFor();
  await page.getByText('Data wilayah Kabupaten Batanghari.', { exact: false }).waitFor();
  const card = page.getByTestId('export-reports');
  await card.getByRole('heading', { name: 'Laporan kewaspadaan dini' }).waitFor();
  await screenshot(page, 'exports-01-page');

  // What the server announces, asked the same way the page asks (the page's session cookie).
  const announced = await page.evaluate<string | null>(
    `fetch('/api/v1/exports/reports.csv').then(async (r) => { const n = r.headers.get('x-export-rows'); await r.body.cancel(); return n; })`,
  );
  console.log(`[exports e2e] x-export-rows: ${announced ?? '(absent)'}`);

  // Every state the progress block goes through, recorded in the page as it happens.
  await page.evaluate(`(() => {
    const seen = [];
    window.__exportSeen = seen;
    const look = () => {
      const block = document.querySelector('[data-testid="export-progress-reports"]');
      if (!block) return;
      const bar = block.querySelector('[role="progressbar"]');
      const entry = [block.getAttribute('data-state'), bar ? bar.getAttribute('aria-valuenow') : '', block.textContent].join('|');
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);

  // A slow line (about 40 KB/s, as from a regency office), so the bar is seen on its way.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 50,
    downloadThroughput: 40 * 1024,
    uploadThroughput: 40 * 1024,
  });
  const downloading = page.waitForEvent('download');
  await page.getByTestId('download-reports-csv').click();
  await page.locator('[data-testid="export-progress-reports"][data-state="running"]').waitFor();
  await screenshot(page, 'exports-02-running');
  const download = await downloading;
  const done = page.locator('[data-testid="export-progress-reports"][data-state="done"]');
  await done.waitFor();
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await screenshot(page, 'exports-03-done');

  assert.equal(download.suggestedFilename(), 'laporan-15.04.csv');
  const raw = fs.readFileSync(await download.path());
  assert.deepEqual(
    [...raw.subarray(0, 3)],
    [0xef, 0xbb, 0xbf],
    'the CSV starts with a UTF-8 byte-order mark',
  );
  const text = raw.toString('utf8').slice(1);
  const records = parseCsv(text);
  const [header, ...rows] = records;
  assert.ok(header);
  assert.deepEqual(header.slice(0, 3), ['ID laporan', 'Tanggal kejadian', 'Waktu kejadian (UTC)']);
  for (const column of ['Kategori', 'Status', 'Judul', 'Uraian', 'Kode wilayah'])
    assert.ok(header.includes(column), `the header lacks "${column}": ${header.join(',')}`);
  for (const column of header)
    assert.doesNotMatch(column, /pelapor|reporter|telepon|phone|nama pelapor|identitas/i);
  for (const row of rows)
    assert.equal(row.length, header.length, `a row of ${row.length} cells: ${row.join(',')}`);

  // The scope's reports are all there, the marked one with its multi-line description intact.
  const titleAt = header.indexOf('Judul');
  const descriptionAt = header.indexOf('Uraian');
  const marked = rows.find((row) => row[titleAt] === TITLE);
  assert.ok(marked, 'the marked report is not in the file');
  assert.equal(marked[descriptionAt], DESCRIPTION);
  assert.equal(rows.filter((row) => row[titleAt]?.includes(`terlambat ${MARK}`)).length, BULK);
  // ...and who filed them is nowhere.
  assert.ok(!text.includes(WITNESS.name), 'the witness name is in the export');
  assert.ok(
    !text.includes(WITNESS.phone) && !text.includes(WITNESS.phone.slice(1)),
    'the phone is in the export',
  );
  assert.ok(!text.includes('Saksi Rahasia'), 'a reporter name is in the export');

  // The progress ran and finished, counted to the very rows of the file.
  if (announced !== null) assert.equal(Number(announced), rows.length);
  const seen = await page.evaluate<string[]>('window.__exportSeen');
  console.log(
    `[exports e2e] ${rows.length} rows, ${raw.length} bytes; progress states:\n  ${seen.join('\n  ')}`,
  );
  assert.ok(
    seen.some((entry) => entry.startsWith('running|')),
    'the progress bar never showed a running download',
  );
  assert.ok(seen.at(-1)?.startsWith('done|100|'), `the last state was ${seen.at(-1)}`);
  const bar = done.getByRole('progressbar');
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
  const count = new Intl.NumberFormat('id-ID').format(rows.length);
  await done.getByText(`Tersimpan: laporan-15.04.csv (${count} baris,`, { exact: false }).waitFor();
  if (announced !== null) {
    // On its way: a share strictly between nothing and all, with the row count against the total.
    const midway = seen.filter((entry) => {
      const [state, now] = entry.split('|');
      return state === 'running' && Number(now) > 0 && Number(now) < 100;
    });
    assert.ok(midway.length > 0, 'the bar never showed a share between 0 and 100 %');
    assert.ok(
      midway.some((entry) => new RegExp(`\\d+ dari ${count} baris \\(\\d+%\\)`).test(entry)),
      `the running progress never showed "n dari ${count} baris (p%)"`,
    );
  }

  // A phone: nothing sticks out sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('heading', { name: 'Ekspor data', level: 1 }).waitFor();
  // Resizing a live page re-lays it out; on a loaded machine that can take a moment.
  let overflow = await horizontalOverflow(page);
  for (let i = 0; i < 20 && overflow !== 0; i += 1) {
    await page.waitForTimeout(100);
    overflow = await horizontalOverflow(page);
  }
  if (overflow !== 0) {
    // Name what sticks out, so a failure says where to look.
    const offenders = await page.evaluate<string[]>(
      `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 10).map((e) => e.tagName + '.' + String(e.className).slice(0, 80) + ' ' + (e.getAttribute('data-testid') || '') + ' ' + (e.textContent || '').slice(0, 60))`,
    );
    assert.fail(`the exports page overflows a 360 px screen by ${overflow} px:\n${offenders.join('\n')}`);
  }
  await screenshot(page, 'exports-04-phone');

  assert.deepEqual(problems(), []);
  await context.close();
});
