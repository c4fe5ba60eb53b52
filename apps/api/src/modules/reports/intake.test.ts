import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { signBody } from './sms.ts';
import { multipartFile, PLACES, reportBody, TINY_PNG } from './test-helpers.ts';

/** Public anonymous intake, the SMS/WhatsApp gateway and attachments. */

const SECRET = 'intake-test-secret-0123456789';
let ctx: TestContext;
let officer: TestUser;
let reporter: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  ctx = await createTestContext({ SINERGI_SMS_SECRET: SECRET, SINERGI_UPLOAD_MAX_BYTES: String(64 * 1024) });
  [officer, reporter, outsider] = await Promise.all([
    ctx.user('regency_officer', '15.04'),
    ctx.user('field_reporter', '15.04'),
    ctx.user('regency_officer', '16.07'),
  ]);
});
afterAll(() => ctx.close());

function publicBody(overrides: Record<string, unknown> = {}) {
  const { id: _id, reporter: _r, anonymous: _a, channel: _c, ...body } = reportBody();
  return { ...body, ...overrides };
}

async function setIntake(code: string, enabled: boolean, user = officer) {
  return ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/regions/${code}/public-intake`,
    headers: user.headers,
    payload: { enabled },
  });
}

let addressCounter = 0;
const address = () => `10.9.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

describe('public anonymous intake', () => {
  it('is refused until an officer enables it for the region, then answers with a tracking code', async () => {
    const ip = address();
    const before = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: publicBody(),
      remoteAddress: ip,
    });
    expect(before.statusCode).toBe(403);
    expect(before.json().error.code).toBe('report.public_intake_disabled');

    expect((await setIntake('15.04', true)).json()).toMatchObject({ regionCode: '15.04', enabled: true });
    const state = await ctx.app.inject({
      url: `/api/v1/regions/${PLACES.batanghariDistrict}/public-intake`,
      headers: officer.headers,
    });
    expect(state.json()).toMatchObject({ enabled: true, setAt: '15.04' });

    const body = publicBody({ id: crypto.randomUUID() });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: body,
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    expect(Object.keys(receipt).sort()).toEqual(['status', 'trackingCode']);
    expect(receipt.trackingCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // A retry with the same id gets the same code.
    const retry = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: body,
      remoteAddress: ip,
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().trackingCode).toBe(receipt.trackingCode);

    const track = await ctx.app.inject({
      url: `/api/v1/public/reports/track/${receipt.trackingCode}`,
      remoteAddress: ip,
    });
    expect(track.json()).toEqual({ trackingCode: receipt.trackingCode, status: 'new' });

    // The officer sees it as an anonymous public report, with no identity.
    const list = (
      await ctx.app.inject({
        url: `/api/v1/reports?q=${encodeURIComponent('amplop')}&limit=500`,
        headers: officer.headers,
      })
    ).json();
    const stored = list.items.find((r: { trackingCode: string }) => r.trackingCode === receipt.trackingCode);
    expect(stored).toMatchObject({ channel: 'public', anonymous: true });
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${stored.id}/status`,
      headers: officer.headers,
      payload: { status: 'verified' },
    });
    const tracked = await ctx.app.inject({
      url: `/api/v1/public/reports/track/${receipt.trackingCode}`,
      remoteAddress: ip,
    });
    expect(tracked.json().status).toBe('verified');
  });

  it('a district can opt out of its regency; switching off stops intake', async () => {
    await setIntake('15.04', true);
    await setIntake(PLACES.batanghariDistrict, false);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: publicBody(),
      remoteAddress: address(),
    });
    expect(res.statusCode).toBe(403);
    await setIntake(PLACES.batanghariDistrict, true);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: publicBody(),
      remoteAddress: address(),
    });
    expect(ok.statusCode).toBe(201);
  });

  it('an officer cannot switch intake of another regency', async () => {
    expect((await setIntake('15.04', false, outsider)).statusCode).toBe(403);
    expect((await setIntake('15.04', false, reporter)).statusCode).toBe(403);
  });

  it('is rate-limited per address (429 with Retry-After), other addresses unaffected', async () => {
    await setIntake('15.04', true);
    const ip = address();
    const codes: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        payload: publicBody(),
        remoteAddress: ip,
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json().error.code).toBe('rate.limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    expect(codes.slice(20)).toEqual([429, 429]);
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: publicBody(),
      remoteAddress: address(),
    });
    expect(other.statusCode).toBe(201);
  });

  it('tracking shows the status and nothing else; an unknown code is 404', async () => {
    expect((await ctx.app.inject({ url: '/api/v1/public/reports/track/AAAA-BBBB' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/v1/public/reports/track/not-a-code' })).statusCode).toBe(400);
  });
});

describe('SMS/WhatsApp gateway', () => {
  const send = (payload: unknown, signature?: string | null, raw?: string) => {
    const body = raw ?? JSON.stringify(payload);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/intake/sms',
      payload: body,
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'x-sinergi-signature': signature ?? signBody(body, SECRET) }),
      },
    });
  };
  const count = async () =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM reports WHERE channel IN ('sms', 'whatsapp')`.execute(ctx.database.db)
    ).rows[0]?.n ?? 0;

  it('a registered number files as its account by village code, and gets a tracking code', async () => {
    const user = await ctx.user('field_reporter', '15.04');
    await ctx.database.db
      .updateTable('users')
      .set({ phone: '081211112222' })
      .where('id', '=', user.id)
      .execute();
    await setIntake('15.04', false);
    const res = await send({
      from: '+6281211112222',
      text: `lapor ${PLACES.batanghariVillage} bentrok pendukung paslon saling lempar batu di pasar`,
      messageId: 'gw-1',
      channel: 'whatsapp',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().reply).toMatch(/Kode pelacakan: [A-Z2-9]{4}-[A-Z2-9]{4}/);
    const row = await sql<{ anonymous: boolean; channel: string; category: string; user_id: string | null }>`
      SELECT r.anonymous, r.channel, r.category, i.user_id FROM reports r
        LEFT JOIN reporter_identities i ON i.report_id = r.id WHERE r.tracking_code = ${res.json().trackingCode}`.execute(
      ctx.database.db,
    );
    expect(row.rows[0]).toEqual({
      anonymous: false,
      channel: 'whatsapp',
      category: 'supporter_clash',
      user_id: user.id,
    });
    // The gateway redelivers the same message: stored once, same code.
    const again = await send({
      from: '+6281211112222',
      text: `lapor ${PLACES.batanghariVillage} bentrok pendukung paslon saling lempar batu di pasar`,
      messageId: 'gw-1',
      channel: 'whatsapp',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().trackingCode).toBe(res.json().trackingCode);
  });

  it('finds a village by its name, of several words, case-insensitive', async () => {
    await setIntake('15.04', true);
    const res = await send({
      from: '+6289900001111',
      text: 'LAPOR sengkati kecil UANG tim sukses bagi amplop malam ini',
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await sql<{ region_code: string; anonymous: boolean; n: number }>`
      SELECT r.region_code, r.anonymous, (SELECT count(*)::int FROM reporter_identities i WHERE i.report_id = r.id) AS n
        FROM reports r WHERE r.tracking_code = ${res.json().trackingCode}`.execute(ctx.database.db);
    // An unknown number files an anonymous public report: no identity kept, not even the number.
    expect(row.rows[0]).toEqual({ region_code: PLACES.batanghariVillage, anonymous: true, n: 0 });
  });

  it('an unknown number is refused where public intake is off', async () => {
    await setIntake('15.04', false);
    await setIntake(PLACES.batanghariDistrict, false);
    const before = await count();
    const res = await send({
      from: '+6289900002222',
      text: `LAPOR ${PLACES.batanghariVillage} UANG bagi-bagi uang di masjid`,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/belum diaktifkan/);
    expect(await count()).toBe(before);
    await setIntake('15.04', true);
    await setIntake(PLACES.batanghariDistrict, true);
  });

  it('answers format errors with a clear Indonesian message and writes nothing', async () => {
    const before = await count();
    const cases: Array<[string, string]> = [
      ['halo pak', 'sms.bad_format'],
      ['LAPOR', 'sms.bad_format'],
      [`LAPOR ${PLACES.batanghariVillage} GEMPA ada gempa di desa`, 'sms.unknown_category'],
      ['LAPOR Desa Tidak Ada Namanya UANG bagi amplop', 'sms.unknown_village'],
      ['LAPOR 99.99.99.9999 UANG bagi amplop', 'sms.unknown_village'],
      [`LAPOR ${PLACES.batanghariVillage} UANG`, 'sms.bad_format'],
    ];
    for (const [text, code] of cases) {
      const res = await send({ from: '+6289900003333', text });
      expect(res.statusCode, text).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, text).toBeLessThan(500);
      expect(res.json().error.code, text).toBe(code);
      expect(res.json().error.message).toMatch(/[a-z]/);
    }
    const en = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/intake/sms',
      payload: JSON.stringify({ from: '+6289900003333', text: 'halo' }),
      headers: {
        'content-type': 'application/json',
        'accept-language': 'en',
        'x-sinergi-signature': signBody(JSON.stringify({ from: '+6289900003333', text: 'halo' }), SECRET),
      },
    });
    expect(en.json().error.message).toMatch(/^Format: LAPOR/);
    expect(await count()).toBe(before);
  });

  it('refuses a missing, forged or re-used-for-other-body signature, in constant time, writing nothing', async () => {
    const before = await count();
    const payload = {
      from: '+6289900004444',
      text: `LAPOR ${PLACES.batanghariVillage} UANG bagi amplop malam`,
    };
    const body = JSON.stringify(payload);
    for (const signature of [
      null,
      '',
      'sha256=',
      `sha256=${'0'.repeat(64)}`,
      signBody(body, 'another-secret-0123456789'),
      signBody(`${body} `, SECRET),
      signBody(body, SECRET).replace('sha256=', 'sha1='),
    ]) {
      const res = await send(payload, signature);
      expect(res.statusCode, String(signature)).toBe(401);
      expect(res.json().error.code).toBe('sms.signature_invalid');
    }
    expect(await count()).toBe(before);
  });

  it('refuses everything when no secret is configured', async () => {
    const saved = ctx.config.smsSecret;
    ctx.config.smsSecret = undefined;
    try {
      const payload = {
        from: '+6289900004444',
        text: `LAPOR ${PLACES.batanghariVillage} UANG bagi amplop malam`,
      };
      const res = await send(payload, signBody(JSON.stringify(payload), ''));
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('sms.not_configured');
    } finally {
      ctx.config.smsSecret = saved;
    }
  });
});

describe('attachments', () => {
  async function newReport(): Promise<string> {
    const body = reportBody();
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: reporter.headers,
      payload: body,
    });
    return body.id as string;
  }
  const upload = (id: string, file: { payload: Buffer; headers: Record<string, string> }, user = reporter) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/attachments`,
      payload: file.payload,
      headers: { ...user.headers, ...file.headers },
    });

  it('stores a photo by its SHA-256 and serves it as a download to those who may see the report', async () => {
    const id = await newReport();
    const res = await upload(id, multipartFile(TINY_PNG, { filename: 'bukti foto.png' }));
    expect(res.statusCode, res.body).toBe(201);
    const attachment = res.json();
    expect(attachment).toMatchObject({ mime: 'image/png', filename: 'bukti foto.png' });
    expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    const detail = (await ctx.app.inject({ url: `/api/v1/reports/${id}`, headers: officer.headers })).json();
    expect(detail.attachments.map((a: { id: string }) => a.id)).toEqual([attachment.id]);

    const download = await ctx.app.inject({
      url: `/api/v1/reports/${id}/attachments/${attachment.id}`,
      headers: officer.headers,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="bukti foto.png"/);
    expect(crypto.createHash('sha256').update(download.rawPayload).digest('hex')).toBe(attachment.sha256);
    const foreign = await ctx.app.inject({
      url: `/api/v1/reports/${id}/attachments/${attachment.id}`,
      headers: outsider.headers,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses a disguised file, a type not allowed, an oversized one and a missing one, storing nothing', async () => {
    const id = await newReport();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const disguised = await upload(
      id,
      multipartFile(pdf, { filename: 'foto.png', contentType: 'image/png' }),
    );
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().error.code).toBe('upload.type_mismatch');
    const exe = await upload(
      id,
      multipartFile(Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this program', 'latin1'), {
        filename: 'foto.jpg',
        contentType: 'image/jpeg',
      }),
    );
    expect(exe.statusCode).toBe(415);
    const big = await upload(
      id,
      multipartFile(Buffer.concat([TINY_PNG, Buffer.alloc(70 * 1024)]), { filename: 'besar.png' }),
    );
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('upload.too_large');
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/attachments`,
      headers: reporter.headers,
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const detail = (await ctx.app.inject({ url: `/api/v1/reports/${id}`, headers: officer.headers })).json();
    expect(detail.attachments).toEqual([]);
    expect((await ctx.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
  });

  it('cannot attach to a report of another regency', async () => {
    const id = await newReport();
    const other = await ctx.user('field_reporter', '16.07');
    const res = await upload(id, multipartFile(TINY_PNG), other);
    expect(res.statusCode).toBe(404);
  });
});
