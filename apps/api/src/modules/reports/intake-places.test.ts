import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { PLACES } from './test-helpers.ts';

/** The public form's place picker: GET /api/v1/public/intake-places. */

let ctx: TestContext;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin', 'ID');
});
afterAll(() => ctx.close());
beforeEach(async () => {
  await sql`DELETE FROM report_intake_settings`.execute(ctx.database.db);
});

let addressCounter = 0;
/** Each call from an address of its own, so the rate limit counts only where a test means it to. */
const address = () => `10.8.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

async function setIntake(code: string, enabled: boolean): Promise<void> {
  const res = await ctx.app.inject({
    method: 'PUT',
    url: `/api/v1/regions/${code}/public-intake`,
    headers: admin.headers,
    payload: { enabled },
  });
  expect(res.statusCode, res.body).toBe(200);
}

function places(query = '', headers: Record<string, string> = {}, remoteAddress = address()) {
  return ctx.app.inject({ url: `/api/v1/public/intake-places${query}`, headers, remoteAddress });
}

type Place = { code: string; name: string; level: number; acceptsReports: boolean };
async function placesOf(parent?: string): Promise<Place[]> {
  const res = await places(parent === undefined ? '' : `?parent=${parent}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Place[] }>().items;
}
const codes = (items: Place[]) => items.map((p) => p.code).sort();

async function childCodes(parent: string): Promise<string[]> {
  const rows = await ctx.database.db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', parent)
    .execute();
  return rows.map((r) => r.code).sort();
}

describe('public intake places', () => {
  it('offers nothing while no region has public intake on', async () => {
    expect(await placesOf()).toEqual([]);
    const refused = await places('?parent=15');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('report.public_intake_disabled');
  });

  it('leads from the province down to the villages of a regency that switched intake on', async () => {
    await setIntake('15.04', true);
    expect(await placesOf()).toEqual([{ code: '15', name: 'JAMBI', level: 1, acceptsReports: false }]);
    expect(await placesOf('ID')).toEqual(await placesOf());
    expect(await placesOf('15')).toEqual([
      { code: '15.04', name: 'KABUPATEN BATANGHARI', level: 2, acceptsReports: false },
    ]);

    const districts = await placesOf('15.04');
    expect(codes(districts)).toEqual(await childCodes('15.04'));
    expect(districts.every((d) => d.level === 3 && d.acceptsReports)).toBe(true);
    // Sorted by name, as a person looks for them.
    const names = districts.map((d) => d.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const villages = await placesOf(PLACES.batanghariDistrict);
    expect(codes(villages)).toEqual(await childCodes(PLACES.batanghariDistrict));
    expect(villages.every((v) => v.level === 4 && v.acceptsReports)).toBe(true);
    expect(villages).toContainEqual({
      code: PLACES.batanghariVillage,
      name: 'Sengkati Kecil',
      level: 4,
      acceptsReports: true,
    });

    // Regions without intake are not offered, nor are their children.
    const other = await places(`?parent=${PLACES.banyuasinDistrict}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('report.public_intake_disabled');
  });

  it('leaves out a district that opted out of its regency, with everything below it', async () => {
    await setIntake('15.04', true);
    await setIntake(PLACES.batanghariDistrict, false);
    const districts = await placesOf('15.04');
    expect(codes(districts)).toEqual(
      (await childCodes('15.04')).filter((code) => code !== PLACES.batanghariDistrict),
    );
    const refused = await places(`?parent=${PLACES.batanghariDistrict}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('report.public_intake_disabled');
  });

  it('leaves out a regency that opted out of its province', async () => {
    await setIntake('15', true);
    await setIntake('15.04', false);
    expect(await placesOf()).toEqual([{ code: '15', name: 'JAMBI', level: 1, acceptsReports: false }]);
    expect(codes(await placesOf('15'))).toEqual((await childCodes('15')).filter((code) => code !== '15.04'));
    expect((await places('?parent=15.04')).statusCode).toBe(403);
  });

  it('offers a district for its one village that switched intake on, without taking reports itself', async () => {
    await setIntake('15.04', true);
    await setIntake(PLACES.batanghariDistrict, false);
    await setIntake(PLACES.batanghariVillage, true);
    const districts = await placesOf('15.04');
    expect(districts.find((d) => d.code === PLACES.batanghariDistrict)).toMatchObject({
      acceptsReports: false,
    });
    expect(districts.filter((d) => d.code !== PLACES.batanghariDistrict).every((d) => d.acceptsReports)).toBe(
      true,
    );
    expect(await placesOf(PLACES.batanghariDistrict)).toEqual([
      { code: PLACES.batanghariVillage, name: 'Sengkati Kecil', level: 4, acceptsReports: true },
    ]);
    // Only a village alone: the way down from the province still leads to it.
    await sql`DELETE FROM report_intake_settings`.execute(ctx.database.db);
    await setIntake(PLACES.batanghariVillage, true);
    expect(codes(await placesOf())).toEqual(['15']);
    expect(codes(await placesOf('15'))).toEqual(['15.04']);
    expect(await placesOf('15.04')).toEqual([
      expect.objectContaining({ code: PLACES.batanghariDistrict, acceptsReports: false }),
    ]);
  });

  it('a regency whose districts all opted out is not offered', async () => {
    await setIntake('15.04', true);
    for (const district of await childCodes('15.04')) await setIntake(district, false);
    expect(await placesOf()).toEqual([]);
    expect((await places('?parent=15.04')).statusCode).toBe(403);
  });

  it('every place it offers takes a public report, and a village it leaves out refuses one', async () => {
    await setIntake('15.04', true);
    await setIntake(PLACES.batanghariDistrict, false);
    await setIntake(PLACES.batanghariVillage, true);
    const file = (regionCode: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        remoteAddress: address(),
        payload: {
          regionCode,
          occurredAt: '2024-11-26T21:30:00+07:00',
          category: 'money_politics',
          title: 'Pembagian amplop di dekat TPS',
          description: 'Warga melihat pembagian amplop pada malam hari.',
        },
      });
    const [offered] = (await placesOf(PLACES.batanghariDistrict)).filter((p) => p.acceptsReports);
    expect((await file(offered?.code ?? '')).statusCode).toBe(201);
    expect((await file(PLACES.batanghariVillage2)).statusCode).toBe(403);
    expect((await file(PLACES.batanghariDistrict)).statusCode).toBe(403);
  });
});

describe('bad input', () => {
  it.each([
    ['a village', `?parent=${PLACES.batanghariVillage}`],
    ['not a region code', '?parent=jambi'],
    ['an empty code', '?parent='],
    ['a code with a query in it', `?parent=${encodeURIComponent("15' OR 1=1")}`],
    ['an unknown parameter', '?parent=15&q=jambi'],
  ])('%s is a 400 naming the field, with the message in the caller language', async (_name, query) => {
    const res = await places(query, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{ error: { code: string; message: string; details: unknown[] } }>();
    expect(error.code).toBe('validation.invalid');
    expect(error.message).toBe('The submitted data is not valid.');
    expect(error.details.length).toBeGreaterThan(0);
  });

  it('an unknown region is 404 region.not_found', async () => {
    await setIntake('15.04', true);
    for (const [parent, language, message] of [
      ['99', 'id', 'Wilayah tidak ditemukan.'],
      ['15.99', 'en', 'Region not found.'],
    ] as const) {
      const res = await places(`?parent=${parent}`, { 'accept-language': language });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'region.not_found', message });
    }
  });

  it('is rate-limited per address (429 with Retry-After), other addresses unaffected', async () => {
    await setIntake('15.04', true);
    const ip = address();
    const statuses: number[] = [];
    for (let i = 0; i < 102; i += 1) statuses.push((await places('?parent=15', {}, ip)).statusCode);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(100)).toEqual([429, 429]);
    const limited = await places('?parent=15', {}, ip);
    expect(limited.json().error.code).toBe('rate.limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await places('?parent=15')).statusCode).toBe(200);
  });

  it('is in the OpenAPI document with its query and answer', async () => {
    const doc = (await ctx.app.inject({ url: '/api/docs/json' })).json<{
      paths: Record<string, { get?: { parameters?: Array<{ name: string }>; responses: object } }>;
    }>();
    const get = doc.paths['/api/v1/public/intake-places']?.get;
    expect(get?.parameters?.map((p) => p.name)).toEqual(['parent']);
    expect(Object.keys(get?.responses ?? {})).toContain('200');
  });
});
