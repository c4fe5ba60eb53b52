import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { type ErrorCode, ERROR_CODES, pickLanguage, translate } from '@sinergi/shared';
import { AppError } from './errors.ts';

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  details: unknown[] = [],
  status: number = ERROR_CODES[code],
) {
  const language = pickLanguage(request.headers['accept-language']);
  const message = translate(language, 'errors', code) ?? code;
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, details } });
}

/** Fastify's own errors that the client caused, mapped to our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation.malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation.malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation.invalid',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'validation.unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_VALIDATION: 'validation.invalid',
  FST_ERR_NOT_FOUND: 'route.not_found',
};

/**
 * The one error handler: typed errors keep their code, validation errors list the bad fields,
 * client mistakes caught by Fastify become 4xx, and anything else is a 500 whose details stay in the log.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Code may throw anything (a string, null); the checks below need an object.
    if (typeof error !== 'object' || error === null) {
      request.log.error({ err: error }, 'unhandled non-error thrown');
      return sendError(request, reply, 'internal');
    }
    if (error instanceof AppError) {
      for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
      return sendError(request, reply, error.code, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        in: error.validationContext,
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message,
      }));
      return sendError(request, reply, 'validation.invalid', details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendError(request, reply, 'internal');
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendError(request, reply, mapped);
    if (error instanceof SyntaxError && error.statusCode === 400)
      return sendError(request, reply, 'validation.malformed_json');
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const code: ErrorCode =
        error.statusCode === 413
          ? 'request.too_large'
          : error.statusCode === 415
            ? 'validation.unsupported_media_type'
            : error.statusCode === 429
              ? 'rate.limited'
              : error.statusCode === 404
                ? 'route.not_found'
                : 'validation.invalid';
      return sendError(request, reply, code, [], error.statusCode);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'internal');
  });
}
