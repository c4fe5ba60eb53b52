import { z } from 'zod';
import {
  apiTokenCreateSchema,
  apiTokenCreatedSchema,
  apiTokenSchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  okSchema,
  totpConfirmBodySchema,
  totpEnrollResponseSchema,
} from '@sinergi/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { authAccess } from './policy.ts';
import { presentMe } from './presenter.ts';
import type { AuthRepository } from './repository.ts';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, type AuthService } from './service.ts';

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string | null): void {
  // Over HTTPS the cookie gets the __Host- prefix (Secure, no Domain, Path=/), which pins it to this host.
  const secure = request.protocol === 'https';
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  if (token === null) {
    void reply
      .clearCookie(SESSION_COOKIE, { path: '/' })
      .clearCookie(SECURE_SESSION_COOKIE, { path: '/', secure: true });
    return;
  }
  void reply.setCookie(name, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    maxAge: 12 * 3600,
  });
}

export function registerAuthRoutes(app: App, service: AuthService, repository: AuthRepository): void {
  const me = async (userId: string) => {
    const row = await repository.meRow(userId);
    if (!row) throw new AppError('auth.required');
    return presentMe(row);
  };

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets the session cookie',
        body: loginBodySchema,
        response: { 200: loginResponseSchema },
      },
      config: { access: authAccess.login },
    },
    async (request, reply) => {
      const result = await service.login(request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, result.sessionToken);
      return {
        user: await me(result.userId),
        csrfToken: result.csrfToken,
        mfaEnrollmentRequired: result.mfaEnrollmentRequired,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], response: { 200: okSchema } }, config: { access: authAccess.self } },
    async (request, reply) => {
      await service.logout(requireActor(request));
      setSessionCookie(request, reply, null);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: { tags: ['auth'], response: { 200: meSchema.extend({ csrfToken: z.string().nullable() }) } },
      config: { access: authAccess.self },
    },
    async (request) => {
      const actor = requireActor(request);
      return { ...(await me(actor.userId)), csrfToken: actor.csrfToken ?? null };
    },
  );

  app.post(
    '/api/v1/auth/totp/enroll',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment',
        response: { 200: totpEnrollResponseSchema },
      },
      config: { access: authAccess.self },
    },
    async (request) => service.enrollTotp(requireActor(request)),
  );

  app.post(
    '/api/v1/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a first code',
        body: totpConfirmBodySchema,
        response: { 200: okSchema },
      },
      config: { access: authAccess.self },
    },
    async (request) => {
      await service.confirmTotp(requireActor(request), request.body.otp);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens',
        response: { 200: z.object({ items: z.array(apiTokenSchema), nextCursor: z.null() }) },
      },
      config: { access: authAccess.tokens },
    },
    async (request) => ({ items: await service.listApiTokens(requireActor(request)), nextCursor: null }),
  );

  app.post(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (shown once) for integrations',
        body: apiTokenCreateSchema,
        response: { 201: apiTokenCreatedSchema },
      },
      config: { access: authAccess.tokens },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createApiToken(requireActor(request), request.body.name)),
  );

  app.delete(
    '/api/v1/auth/tokens/:id',
    {
      schema: { tags: ['auth'], params: z.object({ id: z.uuid() }), response: { 200: okSchema } },
      config: { access: authAccess.tokens },
    },
    async (request) => {
      await service.revokeApiToken(requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );
}
