import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setApiLanguage, setCsrfToken, withQuery } from './client.ts';

function answer(status: number, body: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('api()', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
    setApiLanguage('id');
  });

  it('sends the CSRF token on writes only, and the chosen language always', async () => {
    const fetch = vi.fn(() => Promise.resolve(answer(200, { ok: true })));
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('token-1');
    setApiLanguage('en');
    await api('/api/v1/me');
    await api('/api/v1/users', { method: 'POST', body: { a: 1 } });
    const calls = fetch.mock.calls as unknown as Array<[string, RequestInit]>;
    const read = calls[0]?.[1];
    const write = calls[1]?.[1];
    expect(read?.headers).toEqual({ accept: 'application/json', 'accept-language': 'en' });
    expect(write?.headers).toMatchObject({ 'x-csrf-token': 'token-1', 'content-type': 'application/json' });
    expect(write?.body).toBe('{"a":1}');
  });

  it('turns an error answer into an ApiError with its code and field issues', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        answer(400, {
          error: {
            code: 'validation.invalid',
            message: 'Data yang dikirim tidak valid.',
            details: [
              { in: 'body', path: 'username', message: 'too short' },
              { in: 'body', path: 'username', message: 'second problem' },
              { unrelated: true },
            ],
          },
        }),
      ),
    );
    const error = await api('/api/v1/users', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect([apiError.status, apiError.code]).toEqual([400, 'validation.invalid']);
    expect(apiError.fieldIssues()).toEqual({
      username: { in: 'body', path: 'username', message: 'too short' },
    });
  });

  it('reports an unreachable server as the `network` code', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api('/api/v1/me')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('gives a non-JSON error page a code from its status', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(api('/api/v1/me')).rejects.toMatchObject({ status: 502, code: 'http.502' });
  });
});

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(
      withQuery('/api/v1/users', { q: 'a b', role: undefined, region: '', limit: 50, cursor: null }),
    ).toBe('/api/v1/users?q=a+b&limit=50');
    expect(withQuery('/api/v1/regions', {})).toBe('/api/v1/regions');
  });
});
