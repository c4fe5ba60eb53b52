import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { signBody } from './sms.ts';
import { multipartFile, PLACES, reportBody, TINY_PNG } from './test-helpers.ts';

/**
 * Generated bad input across every write route of the module: each valid payload is mutated field by
 * field with a table of bad values (wrong types, missing, oversize, impossible dates, unknown codes),
 * plus malformed bodies, wrong content types, disguised uploads and forged SMS signatures. Every case
 * must be a 4xx with a known error code, nothing may be written, and the server must stay healthy.
 */

const SECRET = 'bad-input-secret-0123456789';
let ctx: TestContext;
let reporter: TestUser;
let officer: TestUser;
let existingId: string;
let otherId: string;

interface Case {
  name: string;
  method: 'POST' | 'PUT';
  url: string;
  /** A JS value is sent as JSON; a string is sent raw with `contentType`. */
  body: unknown;
  raw?: boolean;
  contentType?: string;
  headers?: Record<string, string>;
}

const WRONG_TYPES: unknown[] = [null, 0, -1, 1.5, true, false, [], {}, [1, 2], { a: 1 }];
const long = (n: number) => 'x'.repeat(n);

/** Bad values per kind of field; every one must be refused where it is used. */
const BAD: Record<string, unknown[]> = {
  uuid: [
    ...WRONG_TYPES,
    '',
    'not-a-uuid',
    '1234',
    '{}',
    'g0000000-0000-4000-8000-000000000000',
    `${crypto.randomUUID()}x`,
  ],
  regionCode: [
    ...WRONG_TYPES,
    '',
    'ID',
    '15',
    '15.04',
    '99.99.99.9999',
    '15.04.99.9999',
    '15.04.01.2002 ',
    '15.4.1.2002',
    '15-04-01-2002',
    "15.04.01.2002' OR 1=1",
    long(300),
  ],
  instant: [
    ...WRONG_TYPES,
    '',
    'kemarin',
    '2024-02-30T10:00:00+07:00',
    '2023-02-29T10:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-11-27T25:00:00Z',
    '2024-11-27T10:61:00Z',
    '2024-11-27',
    '2024-11-27T10:00:00',
    '27/11/2024 10:00',
    '1999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '2999-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    1732665600000,
  ],
  category: [...WRONG_TYPES, '', 'unknown', 'MONEY_POLITICS', 'money politics', 'other ', long(100)],
  severity: [...WRONG_TYPES.filter((v) => v !== 1.5), 0, 5, 2.5, '3', -4, 100, 1e21, '1'],
  title: [...WRONG_TYPES, '', '  ', 'ab', long(201), 'judul\u0000nul'],
  description: [...WRONG_TYPES, '', '   ', long(10_001), 'isi\u0000nul'],
  latitude: [null, true, false, [], {}, '0', '-1.7', 91, -90.0001, 1e21, 'utara'],
  longitude: [null, true, [], {}, '103', 180.5, -181, 1e21, 'timur'],
  name: [...WRONG_TYPES, '', '  ', long(201), 'nul\u0000'],
  location: [
    ...WRONG_TYPES,
    'di sini',
    { lat: 91, lon: 0 },
    { lat: -91, lon: 0 },
    { lat: 0, lon: 181 },
    { lat: 0, lon: -181 },
    { lat: '1', lon: '2' },
    { lat: 0 },
    { lon: 0 },
    { lat: null, lon: null },
    { lat: 0, lon: 0, alt: 5 },
  ],
  channel: [...WRONG_TYPES, '', 'sms', 'whatsapp', 'public', 'fax', 'WEB'],
  boolean: [...WRONG_TYPES.filter((v) => typeof v !== 'boolean'), 'true', 'yes', 1, 0],
  reporter: [
    ...WRONG_TYPES,
    'Budi',
    { name: '' },
    { name: long(201) },
    { name: 'Budi', phone: '123' },
    { name: 'Budi', phone: 'telepon' },
    { name: 'Budi', phone: 81234567890 },
    { phone: '081234567890' },
    { name: 'Budi', email: 'a@b.c' },
    { name: 'nul\u0000' },
  ],
  status: [...WRONG_TYPES, '', 'closed', 'NEW', 'verified ', 'selesai'],
  note: [...WRONG_TYPES.filter((v) => v !== null), long(2001), 'nul\u0000'],
  phone: [...WRONG_TYPES, '', '12', 'abc', '+62 812 3456', long(20)],
  smsText: [...WRONG_TYPES, '', long(1601)],
  smsChannel: [...WRONG_TYPES, '', 'sms ', 'telegram', 'SMS'],
};

function mutations(
  name: string,
  url: string,
  valid: () => Record<string, unknown>,
  fields: Record<string, string>,
  required: string[],
  method: 'POST' | 'PUT' = 'POST',
  wrap: (body: Record<string, unknown>) => unknown = (b) => b,
): Case[] {
  const cases: Case[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const values = BAD[kind] ?? [];
    for (const [i, value] of values.entries()) {
      const body = valid();
      const [outer, inner] = field.split('.');
      if (inner && outer) {
        const nested = { ...(body[outer] as Record<string, unknown>) };
        nested[inner] = value;
        body[outer] = nested;
      } else if (outer) {
        body[outer] = value;
      }
      cases.push({ name: `${name} ${field}=#${i}`, method, url, body: wrap(body) });
    }
  }
  for (const field of required) {
    const body = valid();
    delete body[field];
    cases.push({ name: `${name} without ${field}`, method, url, body: wrap(body) });
  }
  cases.push({ name: `${name} unknown field`, method, url, body: wrap({ ...valid(), extra: 1 }) });
  return cases;
}

/** Two fields wrong at once (every pair, a few value combinations): the error must still be a clean 400. */
function pairs(
  name: string,
  url: string,
  valid: () => Record<string, unknown>,
  fields: Record<string, string>,
  wrap: (body: Record<string, unknown>) => unknown = (b) => b,
): Case[] {
  const cases: Case[] = [];
  const top = Object.entries(fields).filter(([f]) => !f.includes('.'));
  for (const [i, [a, kindA]] of top.entries()) {
    for (const [b, kindB] of top.slice(i + 1)) {
      for (const k of [0, 3, 7, 11]) {
        const valuesA = BAD[kindA] ?? [];
        const valuesB = BAD[kindB] ?? [];
        const body = valid();
        body[a] = valuesA[k % valuesA.length];
        body[b] = valuesB[(k * 5 + 2) % valuesB.length];
        cases.push({ name: `${name} ${a}&${b} #${k}`, method: 'POST', url, body: wrap(body) });
      }
    }
  }
  return cases;
}

function malformed(name: string, url: string, method: 'POST' | 'PUT' = 'POST'): Case[] {
  const raws: Array<[string, string]> = [
    ['{', 'application/json'],
    ['{"regionCode":', 'application/json'],
    ['{regionCode: 1}', 'application/json'],
    ["{'a': 1}", 'application/json'],
    ['[1,2', 'application/json'],
    ['nul', 'application/json'],
    ['null', 'application/json'],
    ['"teks"', 'application/json'],
    ['12', 'application/json'],
    ['true', 'application/json'],
    ['', 'application/json'],
    ['{"a":1}{"b":2}', 'application/json'],
    ['\u0000', 'application/json'],
    ['regionCode=15.04.01.2002', 'application/x-www-form-urlencoded'],
    ['{"regionCode":"15.04.01.2002"}', 'text/plain'],
    ['<report/>', 'application/xml'],
    ['{"a":1}', 'application/javascript'],
  ];
  return raws.map(([body, contentType], i) => ({
    name: `${name} malformed #${i}`,
    method,
    url,
    body,
    raw: true,
    contentType,
  }));
}

function validReport(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...reportBody(),
    reporter: { name: 'Pelapor Uji', phone: '081234567890' },
  };
  return body;
}

function validPublic(): Record<string, unknown> {
  const { id: _id, reporter: _r, anonymous: _a, channel: _c, ...body } = reportBody();
  return body;
}

const REPORT_FIELDS: Record<string, string> = {
  id: 'uuid',
  regionCode: 'regionCode',
  occurredAt: 'instant',
  category: 'category',
  severity: 'severity',
  title: 'title',
  description: 'description',
  location: 'location',
  'location.lat': 'latitude',
  'location.lon': 'longitude',
  channel: 'channel',
  anonymous: 'boolean',
  reporter: 'reporter',
  'reporter.name': 'name',
  'reporter.phone': 'phone',
};
const REQUIRED = ['regionCode', 'occurredAt', 'category', 'severity', 'title', 'description'];

function buildCases(): Case[] {
  const cases: Case[] = [];
  cases.push(...mutations('create', '/api/v1/reports', validReport, REPORT_FIELDS, REQUIRED));
  cases.push(...pairs('create', '/api/v1/reports', validReport, REPORT_FIELDS));
  cases.push(
    ...pairs('batch', '/api/v1/reports/batch', validReport, REPORT_FIELDS, (b) => [validReport(), b]),
  );
  cases.push(
    ...mutations('batch[4]', '/api/v1/reports/batch', validReport, REPORT_FIELDS, REQUIRED, 'POST', (b) => [
      ...Array.from({ length: 4 }, validReport),
      b,
    ]),
  );
  cases.push({
    name: 'create anonymous with reporter',
    method: 'POST',
    url: '/api/v1/reports',
    body: { ...validReport(), anonymous: true },
  });
  cases.push(...malformed('create', '/api/v1/reports'));

  // Batch: the bad item first, and hidden among valid ones.
  cases.push(
    ...mutations('batch[0]', '/api/v1/reports/batch', validReport, REPORT_FIELDS, REQUIRED, 'POST', (b) => [
      b,
    ]),
  );
  cases.push(
    ...mutations('batch[2]', '/api/v1/reports/batch', validReport, REPORT_FIELDS, REQUIRED, 'POST', (b) => [
      validReport(),
      validReport(),
      b,
    ]),
  );
  for (const [i, body] of [
    [],
    {},
    { items: [validReport()] },
    'x',
    1,
    null,
    [null],
    [1],
    [[validReport()]],
  ].entries())
    cases.push({ name: `batch shape #${i}`, method: 'POST', url: '/api/v1/reports/batch', body });
  cases.push({
    name: 'batch 1001 items',
    method: 'POST',
    url: '/api/v1/reports/batch',
    body: Array.from({ length: 1001 }, validReport),
  });
  cases.push(...malformed('batch', '/api/v1/reports/batch'));

  const publicFields = { ...REPORT_FIELDS };
  for (const f of ['channel', 'anonymous', 'reporter', 'reporter.name', 'reporter.phone'])
    delete publicFields[f];
  cases.push(
    ...mutations(
      'public',
      '/api/v1/public/reports',
      validPublic,
      publicFields,
      REQUIRED.filter((f) => f !== 'severity'),
    ),
  );
  cases.push(...pairs('public', '/api/v1/public/reports', validPublic, publicFields));
  cases.push({
    name: 'public with reporter',
    method: 'POST',
    url: '/api/v1/public/reports',
    body: { ...validPublic(), reporter: { name: 'x' } },
  });
  cases.push(...malformed('public', '/api/v1/public/reports'));

  const validStatus = () => ({ status: 'verified', note: 'dicek' });
  for (const id of ['existing', 'other'])
    cases.push(
      ...mutations(
        `status(${id})`,
        `/api/v1/reports/{${id}}/status`,
        validStatus,
        { status: 'status', note: 'note', duplicateOf: 'uuid' },
        ['status'],
      ),
    );
  cases.push({
    name: 'status duplicate without target',
    method: 'POST',
    url: '/api/v1/reports/{existing}/status',
    body: { status: 'duplicate' },
  });
  cases.push({
    name: 'status duplicate of itself',
    method: 'POST',
    url: '/api/v1/reports/{existing}/status',
    body: { status: 'duplicate', duplicateOf: '{existing}' },
  });
  cases.push({
    name: 'status duplicate of unknown',
    method: 'POST',
    url: '/api/v1/reports/{existing}/status',
    body: { status: 'duplicate', duplicateOf: crypto.randomUUID() },
  });
  cases.push({
    name: 'status verified with duplicateOf',
    method: 'POST',
    url: '/api/v1/reports/{existing}/status',
    body: { status: 'verified', duplicateOf: '{other}' },
  });
  cases.push({
    name: 'status illegal jump',
    method: 'POST',
    url: '/api/v1/reports/{existing}/status',
    body: { status: 'resolved' },
  });
  cases.push({
    name: 'status of unknown report',
    method: 'POST',
    url: `/api/v1/reports/${crypto.randomUUID()}/status`,
    body: validStatus(),
  });
  for (const [i, id] of ['x', '123', 'null', `${crypto.randomUUID()}0`].entries())
    cases.push({
      name: `status bad id #${i}`,
      method: 'POST',
      url: `/api/v1/reports/${id}/status`,
      body: validStatus(),
    });
  cases.push(...malformed('status', '/api/v1/reports/{existing}/status'));

  const validMerge = () => ({ keepId: '{existing}', duplicateIds: ['{other}'] });
  cases.push(
    ...mutations(
      'merge',
      '/api/v1/reports/merge',
      validMerge,
      { keepId: 'uuid', duplicateIds: 'uuid', note: 'note' },
      ['keepId', 'duplicateIds'],
    ),
  );
  for (const [i, ids] of [
    [],
    ['{existing}'],
    [crypto.randomUUID()],
    Array.from({ length: 101 }, () => crypto.randomUUID()),
    ['x'],
  ].entries())
    cases.push({
      name: `merge duplicateIds #${i}`,
      method: 'POST',
      url: '/api/v1/reports/merge',
      body: { keepId: '{existing}', duplicateIds: ids },
    });
  cases.push(...malformed('merge', '/api/v1/reports/merge'));

  cases.push(
    ...mutations(
      'intake',
      '/api/v1/regions/15.04/public-intake',
      () => ({ enabled: true }),
      { enabled: 'boolean' },
      ['enabled'],
      'PUT',
    ),
  );
  for (const [i, code] of ['99', '15.99', 'xx', '15.04.01.9999'].entries())
    cases.push({
      name: `intake region #${i}`,
      method: 'PUT',
      url: `/api/v1/regions/${code}/public-intake`,
      body: { enabled: true },
    });
  cases.push(...malformed('intake', '/api/v1/regions/15.04/public-intake', 'PUT'));
  return cases;
}

/** SMS cases carry their own signature header (valid unless the case is about the signature). */
function smsCases(): Case[] {
  const valid = () => ({
    from: '+6281299990000',
    text: `LAPOR ${PLACES.batanghariVillage} UANG bagi amplop malam`,
    messageId: crypto.randomUUID(),
  });
  const signed = (c: Case): Case => {
    const raw = c.raw ? String(c.body) : JSON.stringify(c.body);
    return {
      ...c,
      body: raw,
      raw: true,
      contentType: c.contentType ?? 'application/json',
      headers: { 'x-sinergi-signature': signBody(raw, SECRET) },
    };
  };
  const cases = mutations(
    'sms',
    '/api/v1/intake/sms',
    valid,
    { from: 'phone', text: 'smsText', channel: 'smsChannel', messageId: 'smsText', receivedAt: 'instant' },
    ['from', 'text'],
  ).map(signed);
  const texts = [
    'halo',
    'LAPOR',
    'LAPOR 15.04.01.2002',
    'LAPOR 15.04.01.2002 UANG',
    'LAPOR 15.04.01.2002 GEMPA ada gempa',
    'LAPOR 99.99.99.9999 UANG bagi amplop',
    'LAPOR Desa Yang Tidak Ada UANG bagi amplop',
    'LAPORAN 15.04.01.2002 UANG bagi amplop',
    'UANG 15.04.01.2002 LAPOR bagi amplop',
    'LAPOR UANG bagi amplop di desa',
    'LAPOR 16.07.01.2001 UANG bagi amplop di desa',
  ];
  for (const [i, text] of texts.entries())
    cases.push(
      signed({
        name: `sms text #${i}`,
        method: 'POST',
        url: '/api/v1/intake/sms',
        body: { from: '+6281299990000', text },
      }),
    );
  cases.push(...malformed('sms', '/api/v1/intake/sms').map(signed));
  const body = JSON.stringify(valid());
  for (const [i, signature] of [
    undefined,
    '',
    'sha256',
    'sha256=',
    `sha256=${'0'.repeat(64)}`,
    `sha256=${'g'.repeat(64)}`,
    signBody(body, 'wrong-secret-0123456789'),
    signBody(`${body}\n`, SECRET),
    signBody(body, SECRET).toUpperCase(),
    signBody(body, SECRET).slice(0, -2),
    `${signBody(body, SECRET)}00`,
    signBody(body, SECRET).replace('sha256', 'sha1'),
  ].entries())
    cases.push({
      name: `sms signature #${i}`,
      method: 'POST',
      url: '/api/v1/intake/sms',
      body,
      raw: true,
      contentType: 'application/json',
      headers: signature === undefined ? {} : { 'x-sinergi-signature': signature },
    });
  return cases.filter((c) => c.name !== 'sms signature #8'); // upper-case hex is the same signature
}

async function counts(): Promise<string> {
  const r = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM reports)::int AS reports,
           (SELECT count(*) FROM reporter_identities)::int AS identities,
           (SELECT count(*) FROM report_status_history)::int AS history,
           (SELECT count(*) FROM report_attachments)::int AS attachments,
           (SELECT count(*) FROM report_intake_settings)::int AS settings,
           (SELECT count(*) FROM audit_log)::int AS audit`.execute(ctx.database.db);
  return JSON.stringify(r.rows[0]);
}

beforeAll(async () => {
  ctx = await createTestContext({ SINERGI_SMS_SECRET: SECRET, SINERGI_UPLOAD_MAX_BYTES: String(32 * 1024) });
  [reporter, officer] = await Promise.all([
    ctx.user('field_reporter', '15.04'),
    ctx.user('regency_officer', '15.04'),
  ]);
  for (const which of ['existing', 'other']) {
    const body = reportBody();
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: reporter.headers,
      payload: body,
    });
    if (which === 'existing') existingId = body.id as string;
    else otherId = body.id as string;
  }
  // Rejected, so that no status can follow.
  await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/reports/${otherId}/status`,
    headers: officer.headers,
    payload: { status: 'rejected' },
  });
});
afterAll(() => ctx.close());

describe('bad input', () => {
  it('every generated bad request is a 4xx with a known code, writes nothing, and the server stays healthy', async () => {
    const cases = [...buildCases(), ...smsCases()];
    const before = await counts();
    const failures: string[] = [];
    const fill = (s: string) => s.replaceAll('{existing}', existingId).replaceAll('{other}', otherId);
    let n = 0;
    // A few at a time: fast, and concurrent writers are part of what must not leak a write.
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const user =
            c.url.includes('/status') || c.url.includes('/merge') || c.url.includes('public-intake')
              ? officer
              : reporter;
          const isPublic = c.url.includes('/public/') || c.url.includes('/intake/sms');
          const payload = c.raw ? fill(String(c.body)) : fill(JSON.stringify(c.body));
          const res = await ctx.app.inject({
            method: c.method,
            url: fill(c.url),
            payload,
            remoteAddress: `10.77.${(n >> 8) & 255}.${n++ & 255}`,
            headers: {
              'content-type': c.raw ? (c.contentType ?? 'application/json') : 'application/json',
              ...(isPublic ? {} : user.headers),
              ...(c.headers ?? {}),
            },
          });
          let code: unknown;
          try {
            code = res.json<{ error?: { code?: string } }>().error?.code;
          } catch {
            code = undefined;
          }
          if (
            res.statusCode < 400 ||
            res.statusCode >= 500 ||
            typeof code !== 'string' ||
            !(code in ERROR_CODES)
          ) {
            failures.push(`${c.name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
          }
          if (/at .+\.ts:\d+|stack|Error:/.test(res.body))
            failures.push(`${c.name}: leaks internals ${res.body.slice(0, 160)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    expect(await counts()).toBe(before);
    const health = await ctx.app.inject({ url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    // And a good report still goes through afterwards.
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: reporter.headers,
      payload: reportBody(),
    });
    expect(ok.statusCode).toBe(201);
  });

  it('uploads: oversized, disguised, not allowed, empty, wrong field or no multipart are refused, storing nothing', async () => {
    const before = await counts();
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const files: Array<[string, { payload: Buffer; headers: Record<string, string> }]> = [
      ['oversized', multipartFile(Buffer.concat([TINY_PNG, Buffer.alloc(40 * 1024)]))],
      ['pdf as png', multipartFile(pdf, { contentType: 'image/png' })],
      ['png as pdf', multipartFile(TINY_PNG, { contentType: 'application/pdf', filename: 'x.pdf' })],
      [
        'html',
        multipartFile(Buffer.from('<html><script>alert(1)</script></html>'), {
          contentType: 'text/html',
          filename: 'x.html',
        }),
      ],
      [
        'exe',
        multipartFile(Buffer.from('MZ\x90\x00', 'latin1'), {
          contentType: 'application/octet-stream',
          filename: 'x.exe',
        }),
      ],
      [
        'svg',
        multipartFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), {
          contentType: 'image/svg+xml',
          filename: 'x.svg',
        }),
      ],
      ['empty', multipartFile(Buffer.alloc(0))],
      ['truncated png', multipartFile(TINY_PNG.subarray(0, 4))],
      [
        'zip',
        multipartFile(Buffer.from('PK\x03\x04rest', 'latin1'), {
          contentType: 'application/zip',
          filename: 'x.zip',
        }),
      ],
    ];
    for (const [name, file] of files) {
      for (const target of [existingId, crypto.randomUUID()]) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: `/api/v1/reports/${target}/attachments`,
          payload: file.payload,
          headers: { ...reporter.headers, ...file.headers },
        });
        expect(res.statusCode, `${name} ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, name).toBeLessThan(500);
      }
    }
    const noMultipart = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${existingId}/attachments`,
      payload: TINY_PNG,
      headers: { ...reporter.headers, 'content-type': 'image/png' },
    });
    expect(noMultipart.statusCode).toBe(415);
    const boundaryOnly = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${existingId}/attachments`,
      payload: '--x--\r\n',
      headers: { ...reporter.headers, 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(boundaryOnly.statusCode).toBe(400);
    expect(await counts()).toBe(before);
  });
});
