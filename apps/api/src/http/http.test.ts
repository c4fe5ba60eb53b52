import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '@sinergi/shared';
import { createTestContext, type TestContext } from '../../test/harness.ts';

const SECRET = 'SECRET_INTERNAL_DETAIL /srv/sinergi/apps/api/src/secret.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(
    {},
    {
      beforeReady: (app) => {
        // Routes that fail the ways real code can: a thrown Error, a failed query, a thrown non-Error.
        const access = { access: { public: true } } as const;
        app.get('/api/v1/test/throws', { config: access }, () => {
          throw new Error(SECRET);
        });
        app.get('/api/v1/test/bad-query', { config: access }, async () => {
          await sql`SELECT * FROM secret_internal_table`.execute(ctx.database.db);
          return { ok: true };
        });
        app.get('/api/v1/test/throws-string', { config: access }, () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point of the test
          throw SECRET;
        });
      },
    },
  );
});
afterAll(() => ctx.close());

describe('HTTP layer', () => {
  it('never shows a stack trace or internals on a 500', async () => {
    for (const url of ['/api/v1/test/throws', '/api/v1/test/bad-query', '/api/v1/test/throws-string']) {
      const res = await ctx.app.inject({ url, headers: { 'accept-language': 'en' } });
      expect(res.statusCode, url).toBe(500);
      expect(res.json(), url).toEqual({
        error: { code: 'internal', message: messages.en.errors.internal, details: [] },
      });
      expect(res.body).not.toMatch(/SECRET|secret_internal|stack|\.ts:|at /);
    }
  });

  it('sends security headers on every response, errors included', async () => {
    const user = await ctx.user('field_reporter', '15.04');
    for (const [url, headers] of [
      ['/api/v1/health', {}],
      ['/api/v1/regions?parent=15.04', user.headers],
      ['/api/v1/me', {}],
      ['/api/v1/no-such-route', {}],
      ['/api/v1/test/throws', {}],
    ] as const) {
      const res = await ctx.app.inject({ url, headers });
      expect(res.headers['strict-transport-security'], url).toBeDefined();
      expect(res.headers['x-powered-by'], url).toBeUndefined();
      expect(String(res.headers['content-security-policy']), url).not.toContain('upgrade-insecure-requests');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBeDefined();
      expect(res.headers['x-request-id'], url).toBeDefined();
    }
  });

  it('answers an unknown API address with 404 route.not_found in the error shape', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/no-such-route' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'route.not_found', message: messages.id.errors['route.not_found'], details: [] },
    });
  });

  it('speaks Indonesian by default and English when the client prefers it', async () => {
    for (const [language, expected] of [
      [undefined, messages.id.errors['auth.required']],
      ['id-ID,id;q=0.9', messages.id.errors['auth.required']],
      ['en', messages.en.errors['auth.required']],
      ['en-US,en;q=0.9,id;q=0.8', messages.en.errors['auth.required']],
      ['fr-FR', messages.id.errors['auth.required']],
    ] as const) {
      const res = await ctx.app.inject({
        url: '/api/v1/me',
        headers: language ? { 'accept-language': language } : {},
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error, String(language)).toEqual({
        code: 'auth.required',
        message: expected,
        details: [],
      });
    }
    expect(messages.id.errors['auth.required']).not.toBe(messages.en.errors['auth.required']);
  });

  it('publishes every registered route in the OpenAPI document at /api/docs/json', async () => {
    const res = await ctx.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    const missing = ctx.routes
      .filter((r) => !r.url.startsWith('/api/v1/test/'))
      .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/{id}']),
    );
  });
});
