import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../harness.ts';
import type { AccessCase, AccessRequest } from './types.ts';

/**
 * The access matrix: every registered route, called as every role from inside its scope (Batanghari
 * 15.04, its province 15, or the country) and from outside (Banyuasin 16.07), and without logging in.
 * The routes come from the policy layer's table, so a new route without a case fails here.
 */

const INSIDE = '15.04';
const OUTSIDE = '16.07';

const CALLERS: ReadonlyArray<{ role: Role; scope: string }> = [
  { role: 'admin', scope: 'ID' },
  { role: 'ministry', scope: 'ID' },
  { role: 'province_officer', scope: '15' },
  { role: 'regency_officer', scope: INSIDE },
  { role: 'forum_member', scope: INSIDE },
  { role: 'field_reporter', scope: INSIDE },
  { role: 'election_body', scope: INSIDE },
  { role: 'agency_head', scope: INSIDE },
];
const NATIONAL_ROLES = new Set<Role>(['admin', 'ministry']);

/** Codes that mean "the policy layer stopped the call": an allowed role must never get them. */
const POLICY_REFUSALS = new Set([
  'auth.required',
  'access.forbidden',
  'auth.csrf_invalid',
  'auth.mfa_enrollment_required',
]);

async function loadCases(): Promise<Map<string, { file: string; accessCase: AccessCase }[]>> {
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'types.ts' && !f.endsWith('.test.ts'))
    .sort();
  const byRoute = new Map<string, { file: string; accessCase: AccessCase }[]>();
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { cases?: AccessCase[] };
    if (!Array.isArray(module.cases)) throw new Error(`${file} does not export \`cases: AccessCase[]\``);
    for (const accessCase of module.cases) {
      byRoute.set(accessCase.route, [...(byRoute.get(accessCase.route) ?? []), { file, accessCase }]);
    }
  }
  return byRoute;
}

const casesByRoute = await loadCases();
const allCases = [...casesByRoute.values()].flat();

let ctx: TestContext;
const users = new Map<Role, TestUser>();

beforeAll(async () => {
  ctx = await createTestContext();
  const created = await Promise.all(CALLERS.map(({ role, scope }) => ctx.user(role, scope)));
  for (const user of created) users.set(user.role, user);
});
afterAll(() => ctx.close());

interface Call {
  who: string;
  status: number;
  body: unknown;
}

async function call(accessCase: AccessCase, request: AccessRequest, who: string, user?: TestUser) {
  const [method = 'GET'] = accessCase.route.split(' ');
  const headers: Record<string, string> = { ...request.headers };
  // The caller's credentials always win: a case cannot call as someone else.
  delete headers.authorization;
  delete headers.cookie;
  const response = await ctx.app.inject({
    method: method as 'GET',
    url: request.url,
    headers: { ...headers, ...(user?.headers ?? {}) },
    ...(request.payload === undefined ? {} : { payload: request.payload as Record<string, unknown> }),
  });
  let body: unknown = response.body;
  try {
    body = response.json();
  } catch {
    // not JSON: kept as text for the failure message
  }
  return { who, status: response.statusCode, body } satisfies Call;
}

function isErrorOnly(body: unknown): body is { error: { code: string } } {
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error as Record<string, unknown> | null;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    Array.isArray(error.details)
  );
}

const describeCall = (c: Call) => `${c.who} got ${c.status} ${JSON.stringify(c.body).slice(0, 200)}`;

function isAllowed(accessCase: AccessCase, role: Role): boolean {
  return accessCase.allowed === 'public' || accessCase.allowed === 'any' || accessCase.allowed.includes(role);
}

describe('access matrix', () => {
  it('every registered API route has exactly one case, and every case a registered route', () => {
    const registered = ctx.routes.map((r) => `${r.method} ${r.url}`);
    const missing = registered.filter((route) => !casesByRoute.has(route));
    expect(missing, 'routes without a case in test/access-matrix/<module>.ts').toEqual([]);
    const duplicated = [...casesByRoute].filter(([, found]) => found.length > 1).map(([route]) => route);
    expect(duplicated, 'routes with more than one case').toEqual([]);
    const stale = [...casesByRoute.keys()].filter((route) => !registered.includes(route));
    expect(stale, 'cases for routes that are not registered').toEqual([]);
  });

  it('public cases are exactly the routes the policy layer treats as public', () => {
    for (const route of ctx.routes) {
      const found = casesByRoute.get(`${route.method} ${route.url}`)?.[0];
      if (!found) continue;
      expect(found.accessCase.allowed === 'public', `${route.method} ${route.url}`).toBe(
        'public' in route.access,
      );
    }
  });

  for (const { file, accessCase } of allCases) {
    const name = `${accessCase.route} (${file})`;

    it(`${name}: allowed roles succeed inside their scope, the others get 403`, async () => {
      const calls = await Promise.all(
        CALLERS.map(async ({ role }) => {
          const user = users.get(role);
          const request = await accessCase.build({ ...ctx, caller: user }, INSIDE);
          return { role, call: await call(accessCase, request, `${role} inside`, user) };
        }),
      );
      const failures: string[] = [];
      for (const { role, call: c } of calls) {
        if (isAllowed(accessCase, role)) {
          const ok =
            accessCase.okStatus === undefined
              ? c.status >= 200 && c.status < 300
              : c.status === accessCase.okStatus;
          const refusedByPolicy = isErrorOnly(c.body) && POLICY_REFUSALS.has(c.body.error.code);
          if (!ok || refusedByPolicy) failures.push(`allowed, but ${describeCall(c)}`);
        } else if (c.status !== 403 || !isErrorOnly(c.body)) {
          failures.push(`not allowed, expected 403 with an error body, but ${describeCall(c)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    if (accessCase.allowed !== 'public' && !accessCase.selfOnly) {
      it(`${name}: from outside the scope every regional role gets 403 or 404 and no data`, async () => {
        const regional = CALLERS.filter(({ role }) => !NATIONAL_ROLES.has(role));
        const calls = await Promise.all(
          regional.map(async ({ role }) => {
            const user = users.get(role);
            const request = await accessCase.build({ ...ctx, caller: user }, OUTSIDE);
            return call(accessCase, request, `${role} outside`, user);
          }),
        );
        const failures = calls
          .filter((c) => ![403, 404].includes(c.status) || !isErrorOnly(c.body))
          .map(describeCall);
        expect(failures).toEqual([]);
      });
    }

    it(
      accessCase.allowed === 'public'
        ? `${name}: answers without logging in`
        : `${name}: without logging in gets 401 auth.required`,
      async () => {
        const request = await accessCase.build({ ...ctx }, INSIDE);
        const c = await call(accessCase, request, 'anonymous');
        if (accessCase.allowed === 'public') {
          const expected = accessCase.okStatus ?? 200;
          expect(c.status, describeCall(c)).toBe(expected);
        } else {
          expect(c.status, describeCall(c)).toBe(401);
          expect(isErrorOnly(c.body) && c.body.error.code, describeCall(c)).toBe('auth.required');
        }
      },
    );
  }
});
