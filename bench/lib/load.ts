/**
 * A closed-loop HTTP load: `concurrency` clients, each sending its next request as soon as the last
 * answered, until `maxRequests` were sent or `maxMs` passed. Node's fetch (undici) keeps connections
 * alive, so the numbers are the server's, not TCP handshakes'.
 */

export interface LoadOptions {
  concurrency: number;
  maxRequests: number;
  maxMs: number;
  /** The i-th request: a URL (GET) or a URL with fetch options. */
  request: (i: number) => string | { url: string; init: RequestInit };
  /** Headers for every request (e.g. authorization). */
  headers?: Record<string, string>;
  /** Which statuses count as success; default 2xx. */
  ok?: (status: number) => boolean;
}

export interface LatencySummary {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  concurrency: number;
  ms: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** The first few failures, to tell a slow server from a broken one. */
  sampleErrors?: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function runLoad(options: LoadOptions): Promise<LatencySummary> {
  const latencies: number[] = [];
  const sampleErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);
  const started = performance.now();
  const deadline = started + options.maxMs;

  const client = async () => {
    while (next < options.maxRequests && performance.now() < deadline) {
      const i = next;
      next += 1;
      const spec = options.request(i);
      const { url, init } = typeof spec === 'string' ? { url: spec, init: {} } : spec;
      const t0 = performance.now();
      try {
        const res = await fetch(url, {
          ...init,
          headers: { ...options.headers, ...(init.headers as Record<string, string> | undefined) },
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!ok(res.status)) {
          errors += 1;
          if (sampleErrors.length < 5) sampleErrors.push(`${res.status} ${url}`);
        }
      } catch (error) {
        errors += 1;
        if (sampleErrors.length < 5) sampleErrors.push(`${(error as Error).message} ${url}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));

  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return {
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    requestsPerSecond: round(latencies.length / seconds),
    concurrency: options.concurrency,
    ms: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? Number.NaN),
      mean: round(mean),
    },
    ...(sampleErrors.length ? { sampleErrors } : {}),
  };
}
