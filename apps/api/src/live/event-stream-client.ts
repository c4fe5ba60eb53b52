import http from 'node:http';

/** One server-sent event as a client sees it. */
export interface StreamEvent {
  event: string;
  data: string;
  id?: string;
  /** When it arrived (performance.now()). */
  at: number;
}

/**
 * A minimal event-stream reader over node:http, for tests and the benchmark: what a browser's
 * EventSource would receive, with a way to wait for the event you expect.
 */
export function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  contentType: string;
  headers: http.IncomingHttpHeaders;
  events: StreamEvent[];
  comments: string[];
  next: (match: (event: StreamEvent) => boolean, timeoutMs?: number) => Promise<StreamEvent>;
  ended: Promise<void>;
  close: () => void;
}> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const events: StreamEvent[] = [];
      const comments: string[] = [];
      const waiters: Array<{ match: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }> = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: StreamEvent = { event: 'message', data: '', at: performance.now() };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
            else if (line.startsWith('id: ')) event.id = line.slice(4);
          }
          if (data.length === 0) continue;
          event.data = data.join('\n');
          events.push(event);
          for (const waiter of [...waiters]) {
            if (waiter.match(event)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      });
      const ended = new Promise<void>((done) => {
        response.on('end', () => done());
        response.on('close', () => done());
      });
      resolve({
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        headers: response.headers,
        events,
        comments,
        ended,
        next(match, timeoutMs = 5000) {
          const seen = events.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no matching event within ${timeoutMs} ms`)),
              timeoutMs,
            );
            waiters.push({
              match,
              resolve: (event) => {
                clearTimeout(timer);
                done(event);
              },
            });
          });
        },
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}
