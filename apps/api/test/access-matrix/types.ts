import type { Role } from '@sinergi/shared';
import type { TestContext } from '../harness.ts';

/**
 * One row of the access matrix: a registered route, who may call it, and how to build a call aimed
 * at data of a given regency. The runner (access-matrix.test.ts) calls every route as every role from
 * inside its scope (15.04 Batanghari, or its province / the country for higher roles) and from outside
 * (16.07 Banyuasin), and fails for any registered route that has no case here.
 */
export interface AccessCase {
  /** Exactly as registered: `${METHOD} ${url pattern}`, e.g. 'GET /api/v1/users/:id'. */
  route: string;
  /** Roles that may call it inside their scope; 'any' = every signed-in role; 'public' = no login. */
  allowed: readonly Role[] | 'any' | 'public';
  /**
   * Builds the request aimed at `regionCode` (a regency code such as '15.04'), creating whatever data
   * it needs through `ctx` (services, or `ctx.user()` with a privileged role). Called once per call.
   */
  build: (ctx: TestContext, regionCode: string) => Promise<AccessRequest>;
  /** Expected status for an allowed role inside its scope; default: any 2xx. */
  okStatus?: number;
  /** The route acts only on the caller (me, logout, own tokens): there is no outside-the-scope call. */
  selfOnly?: boolean;
}

export interface AccessRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}
