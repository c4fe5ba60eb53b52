import http from 'node:http';

/**
 * A closed-loop HTTP load: `concurrency` clients, each sending its next request as soon as the last
 * answered, until `maxRequests` were sent or `maxMs` passed. Connections are kept alive, so the numbers
 * are the server's, not TCP handshakes'.
 *
 * Requests go out through node:http, not fetch: this process shares the machine's two cores with the
 * server and its database, and fetch (undici) cost it 0.5–1.0 ms of CPU per request where node:http
 * costs 0.12–0.23 ms (POST /api/v1/reports at concurrency 64, measured 2026-12-06). That CPU was taken
 * from the server being measured.
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

type Body = string | Buffer | Uint8Array;

/** One request on `agent`: its status, once the whole response was read. */
function send(
  agent: http.Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Body },
): Promise<number> {
  const target = new URL(url);
  const headers: Record<string, string | number> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: init.method ?? 'GET',
        headers,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

function bodyOf(init: RequestInit): Body | undefined {
  const body = init.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new Error('ctx.load sends string or Buffer bodies only');
}

export async function runLoad(options: LoadOptions): Promise<LatencySummary> {
  const latencies: number[] = [];
  const sampleErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
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
        const status = await send(agent, url, {
          ...(init.method ? { method: init.method } : {}),
          headers: { ...options.headers, ...(init.headers as Record<string, string> | undefined) },
          body: bodyOf(init),
        });
        latencies.push(performance.now() - t0);
        if (!ok(status)) {
          errors += 1;
          if (sampleErrors.length < 5) sampleErrors.push(`${status} ${url}`);
        }
      } catch (error) {
        errors += 1;
        if (sampleErrors.length < 5) sampleErrors.push(`${(error as Error).message} ${url}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  agent.destroy();

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
