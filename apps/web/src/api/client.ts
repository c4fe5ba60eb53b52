import { DEFAULT_LANGUAGE, type Language } from '@sinergi/shared';

/** One entry of `error.details` for a rejected field (DESIGN §4): where, which field, what is wrong. */
export interface FieldIssue {
  in?: string;
  path: string;
  message: string;
}

/**
 * An API answer other than 2xx, with the stable error code of DESIGN §4. `network` means the server
 * was not reached at all (offline, server down).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown[];

  constructor(status: number, code: string, message: string, details: unknown[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The field problems in `details`, keyed by field path (the first one wins). */
  fieldIssues(): Record<string, FieldIssue> {
    const issues: Record<string, FieldIssue> = {};
    for (const detail of this.details) {
      if (isFieldIssue(detail) && !(detail.path in issues)) issues[detail.path] = detail;
    }
    return issues;
  }
}

function isFieldIssue(value: unknown): value is FieldIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldIssue).path === 'string' &&
    typeof (value as FieldIssue).message === 'string'
  );
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

// The session's CSRF token (from the login answer or GET /me) and the chosen language live here,
// outside React, so that every call made anywhere sends them.
let csrfToken: string | null = null;
let language: Language = DEFAULT_LANGUAGE;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(next: Language): void {
  language = next;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Empty, null and undefined values are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Calls the Sinergi API: same-origin cookie session, `x-csrf-token` on every write, `Accept-Language`
 * so that error messages come back in the chosen language, and a typed `ApiError` for anything but 2xx.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }

  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    const body = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      typeof body?.code === 'string' ? body.code : `http.${response.status}`,
      typeof body?.message === 'string' ? body.message : response.statusText,
      Array.isArray(body?.details) ? (body.details as unknown[]) : [],
    );
  }
  return payload as T;
}
