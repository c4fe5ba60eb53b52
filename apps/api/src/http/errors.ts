import { ERROR_CODES, type ErrorCode } from '@sinergi/shared';

/** A failure the client can act on: a stable code (an i18n key), its HTTP status and optional details. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: unknown[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.statusCode = ERROR_CODES[code];
  }
}

export const notFound = (code: ErrorCode = 'resource.not_found') => new AppError(code);
export const forbidden = () => new AppError('access.forbidden');
export const conflict = (details: unknown[] = []) => new AppError('conflict', details);
export const invalid = (details: unknown[]) => new AppError('validation.invalid', details);
