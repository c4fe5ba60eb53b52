import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { pdfText } from '../../documents/pdf-text.ts';

let ctx: TestContext;
let tanjabtim: TestUser;
let jambi: TestUser;
let sumsel: TestUser;
let ministry: TestUser;

const period = { periodStart: '2024-11-18', periodEnd: '2024-11-24' };

beforeAll(async () => {
  ctx = await createTestContext();
  tanjabtim = await ctx.user('regency_officer', '15.07');
  jambi = await ctx.user('province_officer', '15');
  sumsel = await ctx.user('province_officer', '16');
  ministry = await ctx.user('ministry', 'ID');
});
afterAll(() => ctx.close());

const post = (user: TestUser, url: string, payload?: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'POST',
    url,
    headers: user.headers,
    ...(payload === undefined ? {} : { payload }),
  });
const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url, headers: user.headers });

describe('situation reports', () => {
  it('a regency sitrep goes to its province inbox, not another province, and is frozen once sent', async () => {
    const created = await post(tanjabtim, '/api/v1/sitreps', { regionCode: '15.07', ...period });
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({ regionCode: '15.07', parentCode: '15', version: 1, status: 'draft' });
    expect(draft.figures.region).toMatchObject({ code: '15.07', timezone: 'Asia/Jakarta' });

    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/sitreps/${draft.id}`,
      headers: tanjabtim.headers,
      payload: { narrative: 'Situasi aman dan kondusif menjelang pemungutan suara.' },
    });
    expect(edited.statusCode).toBe(200);
    expect((await post(tanjabtim, `/api/v1/sitreps/${draft.id}/submit`)).json().status).toBe('submitted');

    const inbox15 = (await get(jambi, '/api/v1/sitreps?box=inbox')).json();
    expect(inbox15.items.map((s: { id: string }) => s.id)).toContain(draft.id);
    const inbox16 = (await get(sumsel, '/api/v1/sitreps?box=inbox')).json();
    expect(inbox16.items).toHaveLength(0);
    const hidden = await get(sumsel, `/api/v1/sitreps/${draft.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('sitrep.not_found');

    const reedit = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/sitreps/${draft.id}`,
      headers: tanjabtim.headers,
      payload: { narrative: 'changed later' },
    });
    expect(reedit.statusCode).toBe(409);
    expect(reedit.json().error.code).toBe('sitrep.not_draft');
    expect((await get(tanjabtim, `/api/v1/sitreps/${draft.id}`)).json().narrative).toBe(
      'Situasi aman dan kondusif menjelang pemungutan suara.',
    );

    // Superseded, not changed: a new version replaces it in the province's view.
    const second = (await post(tanjabtim, '/api/v1/sitreps', { regionCode: '15.07', ...period })).json();
    expect(second).toMatchObject({ version: 2, supersedes: draft.id });
    await post(tanjabtim, `/api/v1/sitreps/${second.id}/submit`);
    const first = (await get(jambi, `/api/v1/sitreps/${draft.id}`)).json();
    expect(first).toMatchObject({
      status: 'superseded',
      supersededBy: second.id,
      narrative: 'Situasi aman dan kondusif menjelang pemungutan suara.',
    });
  });

  it('the province acknowledges or returns with a note; the ministry receives the province sitrep with its regencies', async () => {
    const sent = (
      await post(tanjabtim, '/api/v1/sitreps', {
        regionCode: '15.07',
        periodStart: '2024-11-25',
        periodEnd: '2024-12-01',
      })
    ).json();
    await post(tanjabtim, `/api/v1/sitreps/${sent.id}/submit`);
    expect((await post(sumsel, `/api/v1/sitreps/${sent.id}/acknowledge`)).statusCode).toBe(404);
    expect((await post(jambi, `/api/v1/sitreps/${sent.id}/return`, { note: '' })).statusCode).toBe(400);
    const returned = await post(jambi, `/api/v1/sitreps/${sent.id}/return`, {
      note: 'Lengkapi data kesiapan TPS.',
    });
    expect(returned.json()).toMatchObject({ status: 'returned', reviewNote: 'Lengkapi data kesiapan TPS.' });

    const province = (
      await post(jambi, '/api/v1/sitreps', {
        regionCode: '15',
        periodStart: '2024-11-25',
        periodEnd: '2024-12-01',
      })
    ).json();
    expect(province.parentCode).toBe('ID');
    const tjt = province.figures.children.find((c: { regionCode: string }) => c.regionCode === '15.07');
    expect(tjt).toMatchObject({ sitrepId: sent.id, version: 1 });
    expect(
      province.figures.children.find((c: { regionCode: string }) => c.regionCode === '15.04').sitrepId,
    ).toBeNull();
    await post(jambi, `/api/v1/sitreps/${province.id}/submit`);
    const ministryInbox = (await get(ministry, '/api/v1/sitreps?box=inbox')).json();
    expect(ministryInbox.items.map((s: { id: string }) => s.id)).toEqual([province.id]);
    expect((await post(ministry, `/api/v1/sitreps/${province.id}/acknowledge`)).json().status).toBe(
      'acknowledged',
    );
  });

  it('a regency officer cannot compile another regency’s sitrep', async () => {
    expect((await post(tanjabtim, '/api/v1/sitreps', { regionCode: '15.04', ...period })).statusCode).toBe(
      403,
    );
    expect((await post(tanjabtim, '/api/v1/sitreps', { regionCode: '15.07.01', ...period })).statusCode).toBe(
      400,
    );
    expect(
      (
        await post(tanjabtim, '/api/v1/sitreps', {
          regionCode: '15.07',
          periodStart: '2024-11-24',
          periodEnd: '2024-11-18',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('the PDF is an official document with extractable text; the XLSX opens', async () => {
    const sent = (
      await post(tanjabtim, '/api/v1/sitreps', {
        regionCode: '15.07',
        periodStart: '2024-12-02',
        periodEnd: '2024-12-08',
      })
    ).json();
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/sitreps/${sent.id}`,
      headers: tanjabtim.headers,
      payload: { narrative: 'Tidak ada gangguan berarti.' },
    });
    const pdf = await ctx.app.inject({
      url: `/api/v1/sitreps/${sent.id}/document.pdf`,
      headers: tanjabtim.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('PEMERINTAH KABUPATEN TANJUNG JABUNG TIMUR');
    expect(text).toContain('LAPORAN SITUASI');
    expect(text).toContain('2 Desember 2024');
    expect(text).toContain('Tidak ada gangguan berarti.');
    const xlsx = await ctx.app.inject({
      url: `/api/v1/sitreps/${sent.id}/document.xlsx`,
      headers: tanjabtim.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
