import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { createAgency, multipart } from './test-helpers.ts';

let ctx: TestContext;
let officer: TestUser;

const post = (url: string, payload: unknown, user: TestUser = officer) =>
  ctx.app.inject({ method: 'POST', url, headers: user.headers, payload: payload as Record<string, unknown> });

const importFile = (regionCode: string, data: Buffer, filename: string, user: TestUser = officer) => {
  const body = multipart({ regionCode }, [
    { field: 'file', filename, contentType: 'application/octet-stream', data },
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/agencies/import',
    headers: { ...user.headers, ...body.headers },
    payload: body.payload,
  });
};

const agencyCount = async (regionCode: string) => {
  const db = ctx.database.db.withTables<{ agencies: { region_code: string } }>();
  const row = await db
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', 'like', `${regionCode}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

beforeAll(async () => {
  ctx = await createTestContext();
  officer = await ctx.user('regency_officer', '51.06');
});
afterAll(() => ctx.close());

describe('agencies', () => {
  it('registers an agency with its head, kind inferred from the name', async () => {
    const response = await post('/api/v1/agencies', {
      regionCode: '51.06',
      name: 'Dinas Kesehatan',
      headName: 'dr. I Nyoman Arsana',
      headTitle: 'Kepala Dinas',
      headNip: '197209091999031007',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<Agency>()).toMatchObject({
      regionCode: '51.06',
      regionName: 'KABUPATEN BANGLI',
      kind: 'dinas',
      headNip: '197209091999031007',
      headUser: null,
      active: true,
    });
    const duplicate = await post('/api/v1/agencies', {
      regionCode: '51.06',
      name: 'dinas kesehatan',
      headName: 'X',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ error: { code: string } }>().error.code).toBe('agency.name_taken');
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const before = await agencyCount('51.06');
    const bad: unknown[] = [
      { regionCode: '51.06', name: 'Dinas A', headName: 'X', headNip: '12345' },
      { regionCode: '51.06', name: 'Dinas A', headName: 'X', headNip: '197213451999031007' },
      { regionCode: '51.06', name: 'Dinas A', headName: 'X', kind: 'ministry' },
      { regionCode: '51.06', name: 'D', headName: 'X' },
      { regionCode: '51.06', name: 'Dinas A' },
      { regionCode: '51.6', name: 'Dinas A', headName: 'X' },
      { regionCode: '51.06.99', name: 'Dinas A', headName: 'X' },
      { regionCode: '51.06', name: 'Dinas A', headName: 'X', email: 'not-an-email' },
    ];
    for (const payload of bad) {
      const response = await post('/api/v1/agencies', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await agencyCount('51.06')).toBe(before);
  });

  it('creates an account for the head: role agency_head, scoped to the agency’s region, able to log in', async () => {
    const response = await post('/api/v1/agencies', {
      regionCode: '51.06.04',
      name: 'Kecamatan Kintamani',
      headName: 'I Gusti Ngurah Putra',
      headAccount: { username: 'camat.kintamani', password: 'kintamani-2024!' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const agency = response.json<Agency>();
    expect(agency.kind).toBe('kecamatan');
    expect(agency.headUser?.username).toBe('camat.kintamani');
    const session = await ctx.session('camat.kintamani', 'kintamani-2024!');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers });
    expect(me.json()).toMatchObject({ role: 'agency_head', scope: { code: '51.06.04' } });
    const own = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/agencies/${agency.id}`,
      headers: session.headers,
    });
    expect(own.statusCode).toBe(200);
  });

  it('links an existing head account only if it is an agency head of that region and heads nothing else', async () => {
    const agency = await createAgency(ctx, officer, '51.06');
    const reporter = await ctx.user('field_reporter', '51.06');
    const elsewhere = await ctx.user('agency_head', '51.06.01');
    const head = await ctx.user('agency_head', '51.06');
    const patch = (headUserId: string, id = agency.id) =>
      ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/agencies/${id}`,
        headers: officer.headers,
        payload: { headUserId },
      });
    expect((await patch(reporter.id)).statusCode).toBe(400);
    expect((await patch(elsewhere.id)).statusCode).toBe(400);
    const linked = await patch(head.id);
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json<Agency>().headUser).toEqual({ id: head.id, username: head.username });
    const second = await createAgency(ctx, officer, '51.06');
    const taken = await patch(head.id, second.id);
    expect(taken.statusCode).toBe(409);
    expect(taken.json<{ error: { code: string } }>().error.code).toBe('agency.head_user_taken');
  });

  it('an officer cannot register an agency in another regency', async () => {
    const response = await post('/api/v1/agencies', {
      regionCode: '51.01',
      name: 'Dinas Sosial',
      headName: 'X',
    });
    expect(response.statusCode).toBe(403);
  });

  it('offers the usual agencies and the regency’s kecamatan, marking those already registered', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/agencies/starter?region=51.06',
      headers: officer.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{
      items: Array<{ name: string; regionCode: string; registered: boolean; kind: string }>;
    }>().items;
    const byName = new Map(items.map((i) => [i.name, i]));
    expect(byName.get('Sekretariat Daerah')).toMatchObject({
      regionCode: '51.06',
      registered: false,
      kind: 'sekretariat',
    });
    expect(byName.get('Dinas Kesehatan')?.registered).toBe(true);
    expect(byName.get('Kecamatan Kintamani')).toMatchObject({
      regionCode: '51.06.04',
      registered: true,
      kind: 'kecamatan',
    });
    expect(byName.get('Kecamatan Susut')).toMatchObject({ regionCode: '51.06.01', registered: false });
    for (const required of [
      'Inspektorat Daerah',
      'Satuan Polisi Pamong Praja',
      'Badan Kesatuan Bangsa dan Politik',
      'Dinas Kependudukan dan Pencatatan Sipil',
    ])
      expect(byName.has(required), required).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('documents the neutrality routes, and which of them take multipart uploads', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, Record<string, { summary?: string }>> }>().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/agencies',
        '/api/v1/pledge-campaigns/rollup',
        '/api/v1/neutrality-cases/{id}/referrals',
      ]),
    );
    // Multipart routes name their fields in the summary (a body schema would be validated as JSON).
    expect(paths['/api/v1/pledge-campaigns/{id}/pledges']?.post?.summary).toContain('multipart');
  });
});

describe('agency import', () => {
  it('imports a semicolon CSV as Excel writes it, NIPs kept as text', async () => {
    const csv = [
      '\uFEFFNama Perangkat Daerah;Nama Kepala;Jabatan;NIP;Kode Wilayah',
      'Dinas Sosial;Ni Wayan Sukerti;Kepala Dinas;197410102000032003;',
      'Kecamatan Susut;I Nengah Sudiana;Camat;197702202005011003;51.06.01',
      ';;;;',
    ].join('\r\n');
    const response = await importFile('51.06', Buffer.from(csv), 'opd.csv');
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json<{ imported: number; items: Agency[] }>();
    expect(result.imported).toBe(2);
    expect(result.items.map((a) => [a.name, a.regionCode, a.kind, a.headNip])).toEqual([
      ['Dinas Sosial', '51.06', 'dinas', '197410102000032003'],
      ['Kecamatan Susut', '51.06.01', 'kecamatan', '197702202005011003'],
    ]);
  });

  it('imports nothing when any row is wrong, and names each bad row and column', async () => {
    const before = await agencyCount('51.06');
    const csv = [
      'name,headName,headNip,regionCode',
      'Dinas Pertanian,I Made A,197001011995031001,',
      'Dinas Perikanan,I Made B,1970,',
      'Dinas Pertanian,I Made C,,',
      'Dinas Sosial,I Made D,,',
      'Dinas Luar,I Made E,,51.01',
      'Dinas Tanpa Kepala,,,',
    ].join('\n');
    const response = await importFile('51.06', Buffer.from(csv), 'opd.csv');
    expect(response.statusCode).toBe(400);
    const error = response.json<{
      error: { code: string; details: Array<{ row: number; column: string; message: string }> };
    }>().error;
    expect(error.code).toBe('agency.import_invalid');
    expect(error.details.map((d) => [d.row, d.column])).toEqual([
      [3, 'headNip'],
      [4, 'name'],
      [5, 'name'],
      [6, 'regionCode'],
      [7, 'headName'],
    ]);
    expect(error.details.find((d) => d.row === 4)?.message).toBe('same agency as row 2');
    expect(error.details.find((d) => d.row === 5)?.message).toBe('already registered in this region');
    expect(await agencyCount('51.06')).toBe(before);
  });

  it('imports an XLSX sheet and refuses a NIP stored as a number', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('OPD');
    sheet.addRow(['Nama', 'Kepala', 'NIP', 'Email']);
    sheet.addRow([
      'Dinas Perhubungan',
      'I Wayan X',
      '197512122000031002',
      { text: 'dishub@banglikab.go.id', hyperlink: 'mailto:dishub@banglikab.go.id' },
    ]);
    sheet.addRow(['Dinas Pariwisata', 'I Wayan Y', '197108081998031008', null]);
    const good = Buffer.from(await book.xlsx.writeBuffer());
    const response = await importFile('51.06', good, 'opd.xlsx');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ items: Agency[] }>().items.map((a) => [a.name, a.email])).toEqual([
      ['Dinas Pariwisata', null],
      ['Dinas Perhubungan', 'dishub@banglikab.go.id'],
    ]);

    sheet.addRow(['Dinas Ketahanan Pangan', 'I Wayan Z', 197001011995031000]);
    const numeric = Buffer.from(await book.xlsx.writeBuffer());
    const refused = await importFile('51.06', numeric, 'opd.xlsx');
    expect(refused.statusCode).toBe(400);
    const details = refused.json<{
      error: { details: Array<{ row: number; column: string; message: string }> };
    }>().error.details;
    expect(details).toContainEqual(expect.objectContaining({ row: 4, column: 'NIP' }));
  });

  it('refuses a file that is neither CSV nor XLSX, and an unknown column', async () => {
    const binary = await importFile('51.06', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80]), 'x.bin');
    expect(binary.statusCode).toBe(400);
    expect(binary.json<{ error: { code: string } }>().error.code).toBe('agency.import_unreadable');
    const unknown = await importFile(
      '51.06',
      Buffer.from('nama,kepala,warna\nDinas Baru,X,merah\n'),
      'x.csv',
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: { details: unknown[] } }>().error.details).toEqual([
      { row: 1, column: 'warna', message: 'unknown column' },
    ]);
  });

  it('an officer cannot import into another regency', async () => {
    const response = await importFile('51.01', Buffer.from('nama,kepala\nDinas X,Y\n'), 'x.csv');
    expect(response.statusCode).toBe(403);
  });

  it('registers picks from the starter list as one batch', async () => {
    const response = await post('/api/v1/agencies/batch', {
      regionCode: '51.06',
      items: [
        { name: 'Inspektorat Daerah', headName: 'Ni Luh Putu Sariasih', kind: 'inspektorat' },
        { name: 'Kecamatan Tembuku', headName: 'Ni Komang Ayu', regionCode: '51.06.03' },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ imported: number }>().imported).toBe(2);
  });
});
