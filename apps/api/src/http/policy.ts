import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWithinScope, type Role } from '@sinergi/shared';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';

/**
 * Every route declares who may call it in `config.access`; this is the one layer that enforces it,
 * before any handler runs. Repositories repeat the scope in SQL (`path <@ scope`) behind it.
 */
export type Access =
  | { public: true }
  | {
      roles: readonly Role[] | 'any';
      /** Region codes the request names (params, query, body); each must lie inside the caller's scope. */
      regions?: (request: FastifyRequest) => Array<string | undefined>;
      /** Also accept ancestors of the scope (region names on the way down from the province). */
      lineage?: boolean;
      /** Routes a user may call before finishing a required TOTP enrolment. */
      allowBeforeMfa?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.required');
  return request.actor;
}

/**
 * Installs the policy hook and records every route with its access rule. A route registered without
 * one stops the start, so no route can skip the policy (the access-matrix test reads this table).
 */
export function registerPolicy(
  app: FastifyInstance,
  resolveActor: (request: FastifyRequest) => Promise<Actor | null>,
): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) {
      // Outside /api only the web app's static files are served, and /api/docs is the OpenAPI UI:
      // both public by nature. Every other API route must say who may call it.
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule`);
    }
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request) => {
    request.actor = await resolveActor(request);
  });

  app.addHook('preHandler', (request, _reply, done) => {
    try {
      enforce(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  function enforce(request: FastifyRequest): void {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    const actor = request.actor;
    if (!actor) throw new AppError('auth.required');
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !actor.csrfToken || !sameToken(header, actor.csrfToken)) {
        throw new AppError('auth.csrf_invalid');
      }
    }
    if (!actor.mfaSatisfied && !access.allowBeforeMfa) throw new AppError('auth.mfa_enrollment_required');
    if (access.roles !== 'any' && !access.roles.includes(actor.role)) throw new AppError('access.forbidden');
    for (const code of access.regions?.(request) ?? []) {
      if (code === undefined) continue;
      const inside =
        isWithinScope(code, actor.scopeCode) ||
        (access.lineage === true && isWithinScope(actor.scopeCode, code));
      if (!inside) throw new AppError('access.forbidden');
    }
  }
  return routes;
}
