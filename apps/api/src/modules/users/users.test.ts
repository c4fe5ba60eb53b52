import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';

let ctx: TestContext;
let regencyOfficer: TestUser;
let provinceOfficer: TestUser;
let village: string;

beforeAll(async () => {
  ctx = await createTestContext();
  [regencyOfficer, provinceOfficer] = await Promise.all([
    ctx.user('regency_officer', '15.04'),
    ctx.user('province_officer', '15'),
  ]);
  village = (
    await ctx.database.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 4)
      .where('code', 'like', '15.04.%')
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
});
afterAll(() => ctx.close());

function create(by: TestUser, role: Role, scopeCode: string) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: by.headers,
    payload: {
      username: `u-${crypto.randomBytes(5).toString('hex')}`,
      name: 'Pengguna Uji',
      password: 'a-good-password',
      role,
      scopeCode,
    },
  });
}

const userCount = async () =>
  (
    await ctx.database.db
      .selectFrom('users')
      .select(ctx.database.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('officers managing users', () => {
  it('a regency officer creates lower roles anywhere inside its regency', async () => {
    for (const [role, scope] of [
      ['field_reporter', '15.04'],
      ['field_reporter', '15.04.01'],
      ['field_reporter', village],
      ['forum_member', '15.04'],
      ['agency_head', '15.04.01'],
      ['election_body', '15.04'],
    ] as const) {
      const res = await create(regencyOfficer, role, scope);
      expect(res.statusCode, `${role} ${scope}: ${res.body}`).toBe(201);
      expect(res.json()).toMatchObject({ role, scope: { code: scope } });
    }
  });

  it('a regency officer cannot create users outside its regency, nor above it', async () => {
    const before = await userCount();
    for (const scope of ['16.07', '16.07.01', '15', '15.07']) {
      const res = await create(regencyOfficer, 'field_reporter', scope);
      expect(res.statusCode, scope).toBe(403);
      expect(res.json().error.code).toBe('access.forbidden');
    }
    expect(await userCount()).toBe(before);
  });

  it('a regency officer cannot hand out its own role or any higher one', async () => {
    const before = await userCount();
    for (const [role, scope] of [
      ['regency_officer', '15.04'],
      ['province_officer', '15.04'],
      ['ministry', '15.04'],
      ['admin', '15.04'],
    ] as const) {
      const res = await create(regencyOfficer, role, scope);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code, role).toBe('access.role_not_assignable');
    }
    expect(await userCount()).toBe(before);
  });

  it('a province officer creates regency officers in its province only, and no peers', async () => {
    expect((await create(provinceOfficer, 'regency_officer', '15.04')).statusCode).toBe(201);
    expect((await create(provinceOfficer, 'regency_officer', '16.07')).statusCode).toBe(403);
    const peer = await create(provinceOfficer, 'province_officer', '15');
    expect(peer.statusCode).toBe(403);
    expect(peer.json().error.code).toBe('access.role_not_assignable');
  });

  it('an officer neither sees nor changes users outside its scope', async () => {
    const outsider = await ctx.user('field_reporter', '16.07');
    const read = await ctx.app.inject({
      url: `/api/v1/users/${outsider.id}`,
      headers: regencyOfficer.headers,
    });
    expect(read.statusCode).toBe(404);
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${outsider.id}`,
      headers: regencyOfficer.headers,
      payload: { name: 'Diubah' },
    });
    expect(patch.statusCode).toBe(404);
    const list = await ctx.app.inject({ url: '/api/v1/users?limit=500', headers: regencyOfficer.headers });
    expect(list.statusCode).toBe(200);
    const scopes = list.json().items.map((u: { scope: { code: string } }) => u.scope.code);
    expect(scopes.length).toBeGreaterThan(0);
    expect(scopes.every((code: string) => code === '15.04' || code.startsWith('15.04.'))).toBe(true);
    const stored = await ctx.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', outsider.id)
      .executeTakeFirstOrThrow();
    expect(stored.name).not.toBe('Diubah');
  });

  it('an officer changes lower roles in its scope, but not its peers or itself', async () => {
    const reporter = await ctx.user('field_reporter', '15.04');
    const peer = await ctx.user('regency_officer', '15.04');
    const patch = (id: string) =>
      ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: regencyOfficer.headers,
        payload: { institution: 'Kecamatan' },
      });
    expect((await patch(reporter.id)).statusCode).toBe(200);
    expect((await patch(peer.id)).statusCode).toBe(403);
    expect((await patch(regencyOfficer.id)).statusCode).toBe(403);
  });
});
