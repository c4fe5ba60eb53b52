import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from './harness.ts';

/**
 * Bad input on every write route of the foundation gets a 4xx with a clear code and changes nothing.
 * The field-by-field cases are generated from each route's request schema as published in the
 * OpenAPI document, so a new field is covered without editing this file.
 */

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: string[];
  nullable?: boolean;
}

interface BadCase {
  name: string;
  /** Raw request body and its content type; undefined sends no body. */
  body?: string;
  contentType?: string;
  /** The field the case breaks: the error details must name it. */
  field?: string;
  /** Replaces the route's URL (bad path parameters). */
  url?: string;
  status: number;
  code: ErrorCode;
}

interface WriteRoute {
  route: string;
  url: string;
  /** A body the route accepts; every generated case breaks exactly one thing in it. */
  valid?: Record<string, unknown>;
  /** Cases that need to know the domain (unknown region, someone else's token, ...). */
  extra?: BadCase[];
}

const PASSWORD = 'bad-input-password';
const BODY_LIMIT = 1_048_576;

let ctx: TestContext;
let admin: TestUser;
let adminSession: Record<string, string>;
let target: TestUser;
let ownToken: string;
let othersToken: string;
let openapi: {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
};

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin', 'ID', { password: PASSWORD });
  target = await ctx.user('field_reporter', '15.04');
  const other = await ctx.user('field_reporter', '15.04');
  adminSession = (await ctx.session(admin.username, PASSWORD)).headers;
  const tokenOf = async (userId: string) =>
    (
      await ctx.database.db
        .insertInto('api_tokens')
        .values({ user_id: userId, name: 'existing', token_hash: crypto.randomBytes(32) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  ownToken = await tokenOf(admin.id);
  othersToken = await tokenOf(other.id);
  openapi = (await ctx.app.inject({ url: '/api/docs/json' })).json();
});
afterAll(() => ctx.close());

function writeRoutes(): WriteRoute[] {
  const validUser = {
    username: 'pengguna-baru',
    name: 'Pengguna Baru',
    password: 'a-good-password',
    role: 'field_reporter',
    scopeCode: '15.04',
  };
  const validation = { status: 400, code: 'validation.invalid' } as const;
  const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
  return [
    {
      route: 'POST /api/v1/auth/login',
      url: '/api/v1/auth/login',
      valid: { username: admin.username, password: PASSWORD },
    },
    { route: 'POST /api/v1/auth/logout', url: '/api/v1/auth/logout' },
    { route: 'POST /api/v1/auth/totp/enroll', url: '/api/v1/auth/totp/enroll' },
    {
      route: 'POST /api/v1/auth/totp/confirm',
      url: '/api/v1/auth/totp/confirm',
      valid: { otp: '123456' },
      extra: [
        // No enrolment in progress: no code can be right.
        {
          name: 'a code without an enrolment',
          ...json({ otp: '000000' }),
          status: 401,
          code: 'auth.otp_invalid',
        },
      ],
    },
    {
      route: 'POST /api/v1/auth/tokens',
      url: '/api/v1/auth/tokens',
      valid: { name: 'integrasi' },
      extra: [{ name: 'a name of spaces only', ...json({ name: '   ' }), field: 'name', ...validation }],
    },
    {
      route: 'DELETE /api/v1/auth/tokens/:id',
      url: `/api/v1/auth/tokens/${ownToken}`,
      extra: [
        { name: 'an id that is not a uuid', url: '/api/v1/auth/tokens/123', field: 'id', ...validation },
        {
          name: 'an unknown token',
          url: `/api/v1/auth/tokens/${crypto.randomUUID()}`,
          status: 404,
          code: 'resource.not_found',
        },
        {
          name: "another user's token",
          url: `/api/v1/auth/tokens/${othersToken}`,
          status: 404,
          code: 'resource.not_found',
        },
      ],
    },
    {
      route: 'POST /api/v1/users',
      url: '/api/v1/users',
      valid: validUser,
      extra: [
        {
          name: 'an unknown region',
          ...json({ ...validUser, scopeCode: '99.99' }),
          field: 'scopeCode',
          ...validation,
        },
        {
          name: 'an unknown village',
          ...json({ ...validUser, scopeCode: '15.04.01.9999' }),
          field: 'scopeCode',
          ...validation,
        },
        {
          name: 'a regency officer bound to a district',
          ...json({ ...validUser, role: 'regency_officer', scopeCode: '15.04.01' }),
          field: 'scopeCode',
          ...validation,
        },
        {
          name: 'a field reporter bound to the whole country',
          ...json({ ...validUser, scopeCode: 'ID' }),
          field: 'scopeCode',
          ...validation,
        },
        {
          name: 'a username that is taken',
          ...json({ ...validUser, username: target.username }),
          status: 409,
          code: 'user.username_taken',
        },
        {
          name: 'a username with upper-case letters and spaces only',
          ...json({ ...validUser, username: '   ' }),
          field: 'username',
          ...validation,
        },
      ],
    },
    {
      route: 'PATCH /api/v1/users/:id',
      url: `/api/v1/users/${target.id}`,
      valid: { name: 'Nama Baru' },
      extra: [
        { name: 'no field at all', ...json({}), ...validation },
        { name: 'only unknown fields', ...json({ role: 'admin', scopeCode: 'ID' }), ...validation },
        {
          name: 'an id that is not a uuid',
          url: '/api/v1/users/abc',
          ...json({ name: 'x' }),
          field: 'id',
          ...validation,
        },
        {
          name: 'an unknown user',
          url: `/api/v1/users/${crypto.randomUUID()}`,
          ...json({ name: 'x' }),
          status: 404,
          code: 'resource.not_found',
        },
        {
          name: 'the admin itself',
          url: `/api/v1/users/${admin.id}`,
          ...json({ name: 'x' }),
          status: 403,
          code: 'access.forbidden',
        },
      ],
    },
  ];
}

/** Values of the wrong JSON type for a property. */
function wrongTypes(property: JsonSchema): unknown[] {
  const all: unknown[] = [12345, true, 'text', { nested: 1 }, ['x']];
  const sameType = (value: unknown) =>
    (property.type === 'string' && typeof value === 'string') ||
    (property.type === 'boolean' && typeof value === 'boolean') ||
    ((property.type === 'integer' || property.type === 'number') && typeof value === 'number');
  return [...all.filter((v) => !sameType(v)), ...(property.nullable ? [] : [null])];
}

function generatedCases(schema: JsonSchema, valid: Record<string, unknown>): BadCase[] {
  const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
  const invalid = { status: 400, code: 'validation.invalid' } as const;
  const cases: BadCase[] = [];
  for (const body of [[], 'a string', 42, null])
    cases.push({ name: `a body that is ${JSON.stringify(body)}`, ...json(body), ...invalid });
  for (const field of schema.required ?? []) {
    const { [field]: _omitted, ...rest } = valid;
    cases.push({ name: `${field} missing`, ...json(rest), field, ...invalid });
  }
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    const broken = (name: string, value: unknown) =>
      cases.push({ name: `${field} ${name}`, ...json({ ...valid, [field]: value }), field, ...invalid });
    for (const value of wrongTypes(property)) broken(`is ${JSON.stringify(value)}`, value);
    if (property.type !== 'string') continue;
    if (property.maxLength !== undefined)
      broken(`one character too long`, 'a'.repeat(property.maxLength + 1));
    broken('of 100,000 characters', 'x'.repeat(100_000));
    if ((property.minLength ?? 0) > 0 || property.pattern) broken('empty', '');
    if (property.pattern) broken('not matching its pattern', '!! not valid !!');
    if (property.enum) broken('not one of its values', 'superuser');
  }
  return cases;
}

function transportCases(hasBody: boolean): BadCase[] {
  return [
    {
      name: 'malformed JSON',
      body: '{"name": "unterminated',
      contentType: 'application/json',
      status: 400,
      code: 'validation.malformed_json',
    },
    {
      name: 'an empty JSON body',
      body: '',
      contentType: 'application/json',
      status: 400,
      code: 'validation.malformed_json',
    },
    {
      name: 'an XML body',
      body: '<user><name>x</name></user>',
      contentType: 'application/xml',
      status: 415,
      code: 'validation.unsupported_media_type',
    },
    {
      name: 'a form-encoded body',
      body: 'username=a&password=b',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'validation.unsupported_media_type',
    },
    ...(hasBody
      ? [
          {
            name: 'a plain-text body',
            body: 'hello',
            contentType: 'text/plain',
            status: 400,
            code: 'validation.invalid' as const,
          },
        ]
      : []),
    {
      name: 'a body over the size limit',
      body: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT) }),
      contentType: 'application/json',
      status: 413,
      code: 'request.too_large',
    },
  ];
}

/** Everything a foundation write could change. */
async function snapshot(): Promise<Record<string, unknown>> {
  const result = await ctx.database.pool.query(`
    SELECT (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM users u) AS users,
           (SELECT md5(coalesce(string_agg(t.id || t.name || coalesce(t.revoked_at::text, '-'), '|' ORDER BY t.id), ''))
              FROM api_tokens t) AS tokens,
           (SELECT md5(coalesce(string_agg(encode(s.id_hash, 'hex') || s.mfa_satisfied, '|' ORDER BY s.id_hash), ''))
              FROM sessions s) AS sessions,
           (SELECT count(*)::int FROM audit_log) AS audit,
           (SELECT count(*)::int FROM login_failures) AS failures`);
  return result.rows[0] as Record<string, unknown>;
}

describe('bad input on the foundation write routes', { timeout: 120_000 }, () => {
  it('the list below covers every write route of the foundation', () => {
    const foundation = /^\/api\/v1\/(auth\/|users(\/:id)?$|regions(\/:code)?$|health$|me$)/;
    const registered = ctx.routes
      .filter((r) => r.method !== 'GET' && foundation.test(r.url))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(registered).toEqual(
      writeRoutes()
        .map((r) => r.route)
        .sort(),
    );
  });

  it('gets a 4xx with a clear code and changes nothing', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const write of writeRoutes()) {
      const [method = 'POST', pattern = ''] = write.route.split(' ');
      const schema =
        openapi.paths[pattern.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.requestBody?.content[
          'application/json'
        ]?.schema;
      if (write.valid && !schema) throw new Error(`${write.route} publishes no request schema`);
      const cases = [
        ...(schema && write.valid ? generatedCases(schema, write.valid) : []),
        ...transportCases(write.valid !== undefined),
        ...(write.extra ?? []),
      ];
      for (const bad of cases) {
        count += 1;
        const before = await snapshot();
        const response = await ctx.app.inject({
          method: method as 'POST',
          url: bad.url ?? write.url,
          headers: {
            ...adminSession,
            ...(bad.contentType ? { 'content-type': bad.contentType } : {}),
          },
          ...(bad.body === undefined ? {} : { payload: bad.body }),
        });
        const after = await snapshot();
        const label = `${write.route} with ${bad.name}`;
        let body: { error?: { code?: string; message?: string; details?: Array<{ path?: string }> } } = {};
        try {
          body = response.json();
        } catch {
          failures.push(`${label}: not JSON: ${response.body.slice(0, 100)}`);
          continue;
        }
        const code = body.error?.code;
        if (response.statusCode !== bad.status || code !== bad.code)
          failures.push(
            `${label}: expected ${bad.status} ${bad.code}, got ${response.statusCode} ${response.body.slice(0, 300)}`,
          );
        if (code && ERROR_CODES[code as ErrorCode] !== response.statusCode)
          failures.push(`${label}: code ${code} does not go with status ${response.statusCode}`);
        if (!body.error?.message) failures.push(`${label}: no message`);
        if (bad.field && !(body.error?.details ?? []).some((d) => d.path === bad.field))
          failures.push(`${label}: details do not name ${bad.field}: ${JSON.stringify(body.error?.details)}`);
        if (JSON.stringify(before) !== JSON.stringify(after))
          failures.push(`${label}: changed data ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(100);
  });

  it('ignores unknown fields: they neither fail the request nor reach the database', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: {
        username: 'dengan-tambahan',
        name: 'Dengan Tambahan',
        password: 'a-good-password',
        role: 'field_reporter',
        scopeCode: '15.04',
        totpSecret: 'JBSWY3DPEHPK3PXP',
        active: false,
        createdBy: admin.id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ active: true, mfaEnrolled: false });
    const stored = await ctx.database.db
      .selectFrom('users')
      .select(['totp_secret', 'created_by'])
      .where('username', '=', 'dengan-tambahan')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ totp_secret: null, created_by: admin.id });

    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: admin.headers,
      payload: { name: 'Nama Lain', role: 'admin', scopeCode: 'ID', passwordHash: 'x' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Nama Lain',
      role: 'field_reporter',
      scope: { code: '15.04' },
    });

    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: admin.username, password: PASSWORD, rememberMe: true },
    });
    expect(login.statusCode).toBe(200);
  });
});
