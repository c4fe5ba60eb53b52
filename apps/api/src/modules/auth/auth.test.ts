import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { totpFor } from './index.ts';

const PASSWORD = 'auth-test-password';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

function login(
  app: TestContext['app'],
  body: Record<string, unknown>,
  options: { ip?: string; headers?: Record<string, string> } = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: body,
    ...(options.ip ? { remoteAddress: options.ip } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? String(header[0]) : typeof header === 'string' ? header : '';
  return first.split(';')[0] ?? '';
}

describe('login throttling', () => {
  it('refuses an account with 429 after 5 failed logins, even with the right password and from elsewhere', async () => {
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    for (let i = 0; i < 5; i += 1) {
      const res = await login(
        ctx.app,
        { username: user.username, password: 'wrong-password' },
        { ip: '10.1.0.1' },
      );
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.invalid_credentials');
    }
    for (const ip of ['10.1.0.1', '10.1.0.2']) {
      const res = await login(ctx.app, { username: user.username, password: PASSWORD }, { ip });
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('auth.throttled');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('a successful login clears the failures of its account', async () => {
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    for (const round of [1, 2]) {
      for (let i = 0; i < 4; i += 1)
        await login(ctx.app, { username: user.username, password: 'wrong-password' }, { ip: '10.2.0.1' });
      const res = await login(ctx.app, { username: user.username, password: PASSWORD }, { ip: '10.2.0.1' });
      expect(res.statusCode, `round ${round}`).toBe(200);
    }
  });

  it('refuses an address with 429 after 30 failures across accounts, and only that address', async () => {
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    for (let batch = 0; batch < 3; batch += 1) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          login(
            ctx.app,
            { username: `tidak-ada-${batch}-${i}`, password: 'guess-guess' },
            { ip: '10.3.0.1' },
          ),
        ),
      );
    }
    const blocked = await login(ctx.app, { username: user.username, password: PASSWORD }, { ip: '10.3.0.1' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('auth.throttled');
    const elsewhere = await login(
      ctx.app,
      { username: user.username, password: PASSWORD },
      { ip: '10.3.0.2' },
    );
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  it('a cookie-authenticated write needs the session’s x-csrf-token; a bearer-token write needs none', async () => {
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    const other = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    const session = await ctx.session(user.username, PASSWORD);
    const otherSession = await ctx.session(other.username, PASSWORD);
    const tokens = async () =>
      (
        await ctx.database.db
          .selectFrom('api_tokens')
          .select(ctx.database.db.fn.countAll<number>().as('n'))
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await tokens();

    for (const csrf of [undefined, 'wrong-token', otherSession.csrf, '']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        headers: { cookie: session.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
        payload: { name: 'tanpa csrf' },
      });
      expect(res.statusCode, String(csrf)).toBe(403);
      expect(res.json().error.code).toBe('auth.csrf_invalid');
    }
    expect(await tokens()).toBe(before);

    const read = await ctx.app.inject({ url: '/api/v1/auth/tokens', headers: { cookie: session.cookie } });
    expect(read.statusCode).toBe(200);
    const withToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: session.headers,
      payload: { name: 'dengan csrf' },
    });
    expect(withToken.statusCode).toBe(201);
    const viaBearer = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: user.headers,
      payload: { name: 'lewat bearer' },
    });
    expect(viaBearer.statusCode).toBe(201);
    expect(await tokens()).toBe(before + 2);
  });
});

describe('API tokens', () => {
  it('a revoked token stops working at once, and nobody can revoke another user’s token', async () => {
    const owner = await ctx.user('field_reporter', '15.04');
    const stranger = await ctx.user('admin', 'ID');
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: owner.headers,
      payload: { name: 'integrasi' },
    });
    const { id, token } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

    const byStranger = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${id}`,
      headers: stranger.headers,
    });
    expect(byStranger.statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

    const revoked = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${id}`,
      headers: bearer,
    });
    expect(revoked.statusCode).toBe(200);
    const after = await ctx.app.inject({ url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.required');
  });

  it('a disabled account can neither log in nor use its sessions and tokens', async () => {
    const admin = await ctx.user('admin', 'ID');
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    const session = await ctx.session(user.username, PASSWORD);
    const disabled = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: session.headers })).statusCode).toBe(401);
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: user.headers })).statusCode).toBe(401);
    const res = await login(ctx.app, { username: user.username, password: PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.account_disabled');
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax over HTTP, and gone from the server after logout', async () => {
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    const res = await login(ctx.app, { username: user.username, password: PASSWORD });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^sinergi_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure|Domain/);

    const cookie = cookieOf(res);
    const headers = { cookie, 'x-csrf-token': res.json().csrfToken };
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/sinergi_session=;/);
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('behind an HTTPS proxy it carries the __Host- prefix and Secure, which a client cannot fake without the proxy', async () => {
    const proxied = await createTestContext({ SINERGI_TRUST_PROXY: '1' });
    try {
      const user = await proxied.user('field_reporter', '15.04', { password: PASSWORD });
      const res = await login(
        proxied.app,
        { username: user.username, password: PASSWORD },
        { headers: { 'x-forwarded-proto': 'https' } },
      );
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-sinergi_session=[\w-]{40,};/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Lax/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/);
      const me = await proxied.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
      expect(me.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }

    // Without SINERGI_TRUST_PROXY the forwarded header is not believed.
    const user = await ctx.user('field_reporter', '15.04', { password: PASSWORD });
    const direct = await login(
      ctx.app,
      { username: user.username, password: PASSWORD },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(String(direct.headers['set-cookie'])).toMatch(/^sinergi_session=/);
  });
});

describe('second factor (SINERGI_MFA=required, the default)', () => {
  let strict: TestContext;
  beforeAll(async () => {
    strict = await createTestContext({ SINERGI_MFA: 'required' });
  });
  afterAll(() => strict.close());

  it('an officer without TOTP may only enrol until it has; codes are never accepted twice', async () => {
    const officer = await strict.user('regency_officer', '15.04', { password: PASSWORD });
    const first = await login(strict.app, { username: officer.username, password: PASSWORD });
    expect(first.statusCode).toBe(200);
    expect(first.json().mfaEnrollmentRequired).toBe(true);
    const headers = { cookie: cookieOf(first), 'x-csrf-token': first.json().csrfToken };

    for (const [method, url, payload] of [
      ['GET', '/api/v1/regions?parent=15.04', undefined],
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/auth/tokens', { name: 'jalan pintas' }],
    ] as const) {
      const res = await strict.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('auth.mfa_enrollment_required');
    }
    expect((await strict.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200);

    const enrol = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri } = enrol.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const totp = totpFor(secret, officer.username);
    const wrong = await strict.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers,
      payload: { otp: totp.generate() === '000000' ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const confirmCode = totp.generate();
    const confirmed = await strict.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers,
      payload: { otp: confirmCode },
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await strict.app.inject({ url: '/api/v1/regions?parent=15.04', headers })).statusCode).toBe(200);

    const noCode = await login(strict.app, { username: officer.username, password: PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('auth.otp_required');
    const reused = await login(strict.app, {
      username: officer.username,
      password: PASSWORD,
      otp: confirmCode,
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('auth.otp_invalid');

    // The code of the next 30-second step is new, so it is accepted once (one step of clock drift).
    const lastStep = (
      await strict.database.db
        .selectFrom('users')
        .select('totp_last_step')
        .where('id', '=', officer.id)
        .executeTakeFirstOrThrow()
    ).totp_last_step;
    const nextCode = totp.generate({ timestamp: (Number(lastStep) + 1) * 30_000 });
    const next = await login(strict.app, { username: officer.username, password: PASSWORD, otp: nextCode });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().mfaEnrollmentRequired).toBe(false);
    const again = await login(strict.app, { username: officer.username, password: PASSWORD, otp: nextCode });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('auth.otp_invalid');
  });

  it('admins need it too; roles without officer duties do not', async () => {
    const admin = await strict.user('admin', 'ID', { password: PASSWORD });
    const adminLogin = await login(strict.app, { username: admin.username, password: PASSWORD });
    expect(adminLogin.json().mfaEnrollmentRequired).toBe(true);
    const adminHeaders = { cookie: cookieOf(adminLogin), 'x-csrf-token': adminLogin.json().csrfToken };
    expect((await strict.app.inject({ url: '/api/v1/users', headers: adminHeaders })).statusCode).toBe(403);

    const member = await strict.user('forum_member', '15.04', { password: PASSWORD });
    const memberLogin = await login(strict.app, { username: member.username, password: PASSWORD });
    expect(memberLogin.json().mfaEnrollmentRequired).toBe(false);
    const res = await strict.app.inject({
      url: '/api/v1/regions?parent=15.04',
      headers: { cookie: cookieOf(memberLogin) },
    });
    expect(res.statusCode).toBe(200);
  });
});
