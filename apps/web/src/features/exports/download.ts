import { ApiError } from '../../api/client.ts';

/** How far a streamed download has come. `total` is the number of data rows announced by the server. */
export interface DownloadProgress {
  /** Bytes of the (decoded) body received so far. */
  bytes: number;
  /** Bytes announced by `content-length`, when the body is not re-encoded on the way; else null. */
  totalBytes: number | null;
  /** CSV data rows received so far (records minus the header line); null for other formats. */
  rows: number | null;
  /** Data rows the server announced in `x-export-rows`; null when it did not. */
  total: number | null;
}

export interface DownloadedFile extends DownloadProgress {
  blob: Blob;
  filename: string;
}

export interface StreamOptions {
  signal: AbortSignal;
  /** The file name when `content-disposition` names none. */
  fallbackName: string;
  /** Count CSV records as they arrive (for a percentage against `x-export-rows`). */
  countRows: boolean;
  language: string;
  onProgress: (progress: DownloadProgress) => void;
}

/**
 * Counts the record ends of an RFC 4180 CSV stream, chunk by chunk: a line feed outside quotes ends a
 * record, one inside a quoted cell (a description with line breaks) does not. It scans bytes, which is
 * safe for UTF-8: `"` and LF never occur inside a multi-byte character.
 */
export class CsvRecordCounter {
  records = 0;
  private quoted = false;
  /** Bytes have come since the last record end. */
  private open = false;

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    this.open = chunk[n - 1] !== 0x0a;
    let i = 0;
    while (i < n) {
      if (this.quoted) {
        const close = chunk.indexOf(0x22, i);
        if (close === -1) return;
        // An escaped quote ("") closes and reopens at once, which comes to the same.
        this.quoted = false;
        i = close + 1;
        continue;
      }
      const quote = chunk.indexOf(0x22, i);
      const end = quote === -1 ? n : quote;
      let lf = chunk.indexOf(0x0a, i);
      while (lf !== -1 && lf < end) {
        this.records += 1;
        lf = chunk.indexOf(0x0a, lf + 1);
      }
      if (quote === -1) return;
      this.quoted = true;
      i = quote + 1;
    }
  }

  /** At the end of the stream: a last record without a line end counts too. */
  finish(): void {
    if (this.open) this.records += 1;
    this.open = false;
  }

  /** Data rows so far: every completed record but the header line. */
  get dataRows(): number {
    return Math.max(0, this.records - 1);
  }
}

/**
 * The file name from a `content-disposition` header: `filename*=UTF-8''…` first, then `filename="…"`.
 * Path separators and control characters are dropped; nothing usable gives the fallback.
 */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  }
  // eslint-disable-next-line no-control-regex
  const clean = (name ?? '').replace(/[/\\\u0000-\u001f\u007f]/g, '_').trim();
  return clean && clean !== '.' && clean !== '..' ? clean : fallback;
}

/** A non-negative integer header value, or null. */
export function countHeader(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}

/** Percentage 0..100 of a download, or null when there is no total to measure against. */
export function downloadPercent(progress: DownloadProgress): number | null {
  if (progress.rows !== null && progress.total !== null) {
    return progress.total === 0 ? 100 : Math.min(100, (progress.rows / progress.total) * 100);
  }
  if (progress.totalBytes !== null) {
    return progress.totalBytes === 0 ? 100 : Math.min(100, (progress.bytes / progress.totalBytes) * 100);
  }
  return null;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The stream broke off after the answer had begun (server or connection gone mid-file). */
export class InterruptedDownload extends Error {
  constructor(cause: unknown) {
    super('download interrupted', { cause });
    this.name = 'InterruptedDownload';
  }
}

async function apiErrorOf(response: Response): Promise<ApiError> {
  let payload: unknown;
  try {
    payload = JSON.parse(await response.text());
  } catch {
    payload = undefined;
  }
  const body = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  return new ApiError(
    response.status,
    typeof body?.code === 'string' ? body.code : `http.${response.status}`,
    typeof body?.message === 'string' ? body.message : response.statusText,
    Array.isArray(body?.details) ? (body.details as unknown[]) : [],
  );
}

/**
 * Fetches an export with the session cookie and reads the body as it streams, reporting progress
 * after every chunk. A 4xx/5xx answer becomes an `ApiError` (the `{error:{code,message}}` body);
 * cancelling through `signal` rejects with the AbortError.
 */
export async function streamExport(url: string, options: StreamOptions): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(url, {
      credentials: 'same-origin',
      headers: { 'accept-language': options.language },
      signal: options.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (!response.ok) throw await apiErrorOf(response);

  const total = countHeader(response.headers.get('x-export-rows'));
  // content-length counts the encoded body; the reader sees it decoded, so only use it unencoded.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const totalBytes = encoded ? null : countHeader(response.headers.get('content-length'));
  const filename = filenameFromDisposition(response.headers.get('content-disposition'), options.fallbackName);
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const counter = options.countRows ? new CsvRecordCounter() : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  const progress = (): DownloadProgress => ({
    bytes,
    totalBytes,
    rows: counter ? counter.dataRows : null,
    total,
  });
  options.onProgress(progress());

  if (!response.body) throw new InterruptedDownload(new Error('no response body'));
  const reader = response.body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      counter?.push(value);
      options.onProgress(progress());
    }
  } catch (error) {
    if (isAbortError(error) || options.signal.aborted) throw error;
    throw new InterruptedDownload(error);
  } finally {
    reader.releaseLock();
  }
  counter?.finish();
  const result = progress();
  options.onProgress(result);
  return { ...result, blob: new Blob(chunks, { type }), filename };
}

/** Hands a finished file to the browser's download manager. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the save in some browsers; a minute is plenty.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
