import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../test/harness.ts';

// A web build of its own, compressed by the build's real postbuild step.
const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-web-'));
const BUNDLE = 'assets/main-C0ffee12.js';
const bundleText = `console.log(${JSON.stringify('Sinergi '.repeat(400))});\n`;
const indexHtml = `<!doctype html><html lang="id"><head><title>Sinergi</title></head><body>${'<p>Sinergi</p>'.repeat(100)}<script type="module" src="/${BUNDLE}"></script></body></html>`;
const laporHtml = `<!doctype html><html lang="id"><head><title>Lapor sebagai warga</title></head><body>${'<p>Lapor</p>'.repeat(100)}</body></html>`;
const manifest = JSON.stringify({ 'lapor.html': { file: 'assets/lapor-C0ffee12.js', isEntry: true } });

let ctx: TestContext;
let officer: TestUser;
beforeAll(async () => {
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'index.html'), indexHtml);
  fs.writeFileSync(path.join(webDist, BUNDLE), bundleText);
  fs.writeFileSync(path.join(webDist, 'lapor.html'), laporHtml);
  fs.mkdirSync(path.join(webDist, '.vite'));
  fs.writeFileSync(path.join(webDist, '.vite', 'manifest.json'), manifest);
  const script = new URL('../../../web/scripts/precompress.js', import.meta.url).pathname;
  execFileSync(process.execPath, [script, webDist], { stdio: 'pipe' });
  ctx = await createTestContext({ SINERGI_WEB_DIST: webDist });
  officer = await ctx.user('regency_officer', '15.04');
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

describe('what goes over the wire', () => {
  it('a JSON answer of 2 KB and more is compressed for a client that accepts it', async () => {
    const url = '/api/v1/report-categories';
    const plain = await ctx.app.inject({ url, headers: officer.headers });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(2048);
    for (const [encoding, decode] of [
      ['br', zlib.brotliDecompressSync],
      ['gzip', zlib.gunzipSync],
    ] as const) {
      const res = await ctx.app.inject({ url, headers: { ...officer.headers, 'accept-encoding': encoding } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(decode(res.rawPayload).toString('utf8'))).toEqual(plain.json());
    }
  });

  it("a filed report's answer is small and goes as it is", async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { ...officer.headers, 'accept-encoding': 'br, gzip' },
      payload: {
        id: crypto.randomUUID(),
        regionCode: '15.04.01.2002',
        occurredAt: '2024-11-26T21:30:00+07:00',
        category: 'money_politics',
        severity: 3,
        title: 'Pembagian amplop berisi uang kepada warga menjelang pencoblosan',
        description:
          'Tim sukses salah satu calon membagikan amplop berisi uang kepada warga dari rumah ke rumah '.repeat(
            2,
          ),
        location: { lat: -1.71, lon: 103.12 },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.rawPayload.length).toBeLessThan(2048);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('a compressed request body is not unpacked: 400 and nothing written', async () => {
    const before = await ctx.app.inject({ url: '/api/v1/reports?limit=500', headers: officer.headers });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { ...officer.headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: zlib.gzipSync(
        JSON.stringify({
          id: '7d0c4a52-5a43-4c71-9a4e-0b6d3f6c2a11',
          regionCode: '15.04.01.2002',
          occurredAt: '2024-11-26T21:30:00+07:00',
          category: 'money_politics',
          severity: 2,
          title: 'Amplop',
          description: 'Amplop dibagikan malam hari.',
        }),
      ),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const after = await ctx.app.inject({ url: '/api/v1/reports?limit=500', headers: officer.headers });
    expect(after.json()).toEqual(before.json());
  });

  it('serves the build pre-compressed; hashed bundles are kept a year, pages are checked each time', async () => {
    const bundle = await ctx.app.inject({ url: `/${BUNDLE}`, headers: { 'accept-encoding': 'gzip, br' } });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-encoding']).toBe('br');
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(bundle.headers.vary)).toMatch(/accept-encoding/i);
    // The build's own file, not one compressed again on the way out.
    expect(bundle.rawPayload.equals(fs.readFileSync(path.join(webDist, `${BUNDLE}.br`)))).toBe(true);
    expect(zlib.brotliDecompressSync(bundle.rawPayload).toString('utf8')).toBe(bundleText);

    const gzip = await ctx.app.inject({ url: `/${BUNDLE}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString('utf8')).toBe(bundleText);

    const raw = await ctx.app.inject({ url: `/${BUNDLE}` });
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.body).toBe(bundleText);

    for (const url of ['/', '/reports']) {
      const page = await ctx.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['content-encoding'], url).toBe('br');
      expect(zlib.brotliDecompressSync(page.rawPayload).toString('utf8'), url).toBe(indexHtml);
    }
  });

  it('serves the public report page at its short addresses, under the same CSP', async () => {
    for (const url of ['/lapor', '/lapor/lacak', '/lapor.html']) {
      const page = await ctx.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(String(page.headers['content-security-policy']), url).toContain("script-src 'self'");
      expect(zlib.brotliDecompressSync(page.rawPayload).toString('utf8'), url).toBe(laporHtml);
    }
  });

  it("does not hand out the build's manifest", async () => {
    const res = await ctx.app.inject({ url: '/.vite/manifest.json' });
    expect(res.body).not.toContain('lapor-C0ffee12');
  });
});
