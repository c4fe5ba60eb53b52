/**
 * Stable error codes. Each is also an i18n key under `errors.` in i18n/id.json and en.json
 * (a test keeps them in step), so clients can show the message in the user's language.
 */
export const ERROR_CODES = {
  'validation.invalid': 400,
  'validation.malformed_json': 400,
  'validation.unsupported_media_type': 415,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.otp_required': 401,
  'auth.otp_invalid': 401,
  'auth.mfa_enrollment_required': 403,
  'auth.mfa_already_enrolled': 409,
  'auth.csrf_invalid': 403,
  'auth.throttled': 429,
  'auth.account_disabled': 401,
  'access.forbidden': 403,
  'access.role_not_assignable': 403,
  'resource.not_found': 404,
  'route.not_found': 404,
  'region.not_found': 404,
  'user.username_taken': 409,
  conflict: 409,
  'request.too_large': 413,
  'upload.too_large': 413,
  'upload.type_not_allowed': 415,
  'upload.type_mismatch': 400,
  'upload.empty': 400,
  'upload.missing': 400,
  'rate.limited': 429,
  internal: 500,
  'service.unavailable': 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown[] };
}
