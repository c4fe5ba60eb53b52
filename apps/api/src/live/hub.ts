import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type QueryExecutorProvider } from 'kysely';
import pg from 'pg';
import type { Role } from '@sinergi/shared';
import type { Actor } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';

/**
 * The live feed: server-sent events to signed-in browsers, fed across API processes by PostgreSQL
 * LISTEN/NOTIFY. A change publishes a small notice (topic, event, id, region path) inside its own
 * transaction, so it is delivered exactly when the change commits; every API process holds one
 * LISTEN connection, and for the notices that fall inside the scope of one of its clients it loads
 * the item once (through the topic's source) and writes it to each of those clients.
 */

export const LIVE_CHANNEL = 'sinergi_live';

export interface LiveNotice {
  /** The kind of item, e.g. 'alert': names the source that loads it. */
  topic: string;
  /** The SSE event name, e.g. 'alert.opened'. */
  event: string;
  id: string;
  /** ltree path of the item's region: only clients whose scope contains it get the event. */
  path: string;
}

/** How a module turns notices of its topic into event data; `load` gets every id of one tick at once. */
export interface LiveSource {
  topic: string;
  /** Roles that may receive this topic's events at all. */
  roles: readonly Role[];
  load(ids: string[]): Promise<Map<string, unknown>>;
}

/** Publishes notices inside the caller's transaction (NOTIFY is delivered at commit, dropped on rollback). */
export async function publishLive(executor: QueryExecutorProvider, notices: LiveNotice[]): Promise<void> {
  if (notices.length === 0) return;
  const payloads = notices.map((n) => JSON.stringify(n));
  await sql`SELECT pg_notify(${LIVE_CHANNEL}, n) FROM unnest(${payloads}::text[]) AS n`.execute(executor);
}

export interface LiveHubOptions {
  connectionString: string;
  log: { error: (error: unknown, message: string) => void; warn: (message: string) => void };
  /** Comment lines that keep proxies and the browser from timing the stream out. */
  heartbeatMs?: number;
  /** Longest life of one stream; EventSource reconnects (and the caller is authenticated afresh). */
  maxStreamMs?: number;
  maxClients?: number;
  /** A slow client whose unsent data exceeds this is dropped (it reconnects and resyncs). */
  maxBufferedBytes?: number;
}

/**
 * Another module's notices on a channel of its own, heard on the hub's LISTEN connection. `listening`
 * is called each time the channel is listened to, `lost` when the connection drops or the hub stops:
 * notices published in between are never heard.
 */
export interface ChannelSubscriber {
  listening(): void;
  notice(payload: string): void;
  lost(): void;
}

interface Client {
  actor: Actor;
  write(chunk: string): void;
  end(): void;
}

export function inScope(path: string, scopePath: string): boolean {
  return scopePath === '' || path === scopePath || path.startsWith(`${scopePath}.`);
}

function frame(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createLiveHub(options: LiveHubOptions) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxStreamMs = options.maxStreamMs ?? 30 * 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1_048_576;
  const sources = new Map<string, LiveSource>();
  const clients = new Set<Client>();
  const subscribers = new Map<string, ChannelSubscriber>();
  let listener: pg.Client | undefined;
  let stopped = false;
  let reconnectDelay = 250;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let connectedOnce = false;
  let pending: LiveNotice[] = [];
  let flushScheduled = false;
  let delivering: Promise<void> = Promise.resolve();

  const broadcast = (event: string, data: unknown) => {
    for (const client of clients) client.write(frame(event, data));
  };

  /** Notices of one tick are handled together: one load per topic, whatever the burst. */
  async function deliver(notices: LiveNotice[]): Promise<void> {
    const byTopic = new Map<string, LiveNotice[]>();
    for (const notice of notices) {
      const source = sources.get(notice.topic);
      if (!source) continue;
      const wanted = [...clients].some(
        (c) => source.roles.includes(c.actor.role) && inScope(notice.path, c.actor.scopePath),
      );
      if (!wanted) continue;
      byTopic.set(notice.topic, [...(byTopic.get(notice.topic) ?? []), notice]);
    }
    for (const [topic, list] of byTopic) {
      const source = sources.get(topic);
      if (!source) continue;
      let items: Map<string, unknown>;
      try {
        items = await source.load([...new Set(list.map((n) => n.id))]);
      } catch (error) {
        options.log.error(error, `live: loading ${topic} failed`);
        continue;
      }
      for (const notice of list) {
        const data = items.get(notice.id);
        if (data === undefined) continue;
        const chunk = frame(notice.event, data, `${notice.topic}:${notice.id}`);
        for (const client of clients) {
          if (source.roles.includes(client.actor.role) && inScope(notice.path, client.actor.scopePath))
            client.write(chunk);
        }
      }
    }
  }

  function receive(payload: string | undefined): void {
    let notice: LiveNotice;
    try {
      notice = JSON.parse(payload ?? '') as LiveNotice;
    } catch {
      options.log.warn('live: ignored a malformed notice');
      return;
    }
    if (typeof notice.id !== 'string' || typeof notice.path !== 'string' || typeof notice.topic !== 'string')
      return;
    pending.push(notice);
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      const batch = pending;
      pending = [];
      // In order: a later "updated" must not overtake the "opened" of the same item.
      delivering = delivering
        .then(() => deliver(batch))
        .catch((error: unknown) => options.log.error(error, 'live: delivery failed'));
    });
  }

  async function connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'sinergi-live',
    });
    const retry = (error?: unknown) => {
      if (error) options.log.error(error, 'live: LISTEN connection lost');
      for (const subscriber of subscribers.values()) subscriber.lost();
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (listener === client) listener = undefined;
      if (stopped || reconnectTimer) return;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        void connect();
      }, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 5_000);
    };
    client.on('error', retry);
    client.on('end', () => retry());
    client.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL) receive(message.payload);
      else subscribers.get(message.channel)?.notice(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      for (const channel of subscribers.keys())
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      retry(error);
      return;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    reconnectDelay = 250;
    for (const subscriber of subscribers.values()) subscriber.listening();
    // Whatever was published while the connection was down is lost to this process: clients refetch.
    if (connectedOnce) broadcast('resync', { reason: 'reconnected' });
    connectedOnce = true;
  }

  return {
    addSource(source: LiveSource): void {
      sources.set(source.topic, source);
    },

    /** Before `start`: notices on `channel` go to `subscriber` (one per channel). */
    subscribe(channel: string, subscriber: ChannelSubscriber): void {
      if (channel === LIVE_CHANNEL || subscribers.has(channel) || listener)
        throw new Error(`live: cannot subscribe to ${channel} now`);
      subscribers.set(channel, subscriber);
    },

    /** Opens the LISTEN connection; resolves once listening (or after the first failed try, retrying behind). */
    async start(): Promise<void> {
      stopped = false;
      await connect();
    },

    /** Ends every stream and the LISTEN connection (before the HTTP server closes, so it can drain). */
    async stop(): Promise<void> {
      stopped = true;
      for (const subscriber of subscribers.values()) subscriber.lost();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      for (const client of [...clients]) client.end();
      const current = listener;
      listener = undefined;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
      await delivering;
    },

    get listening(): boolean {
      return listener !== undefined;
    },

    get clientCount(): number {
      return clients.size;
    },

    /**
     * Turns the request into an event stream for `actor`. `revalidate` is asked at each heartbeat
     * whether the caller is still signed in (and with which role and scope); null ends the stream.
     */
    stream(
      request: FastifyRequest,
      reply: FastifyReply,
      actor: Actor,
      streamOptions: { maxSeconds?: number | undefined; revalidate: () => Promise<Actor | null> },
    ): void {
      if (stopped) throw new AppError('service.unavailable');
      if (clients.size >= maxClients) throw new AppError('service.unavailable', [], { 'retry-after': '30' });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-store, no-transform',
        connection: 'keep-alive',
        // nginx and similar proxies would otherwise buffer the stream.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write(`retry: 3000\n\n`);
      res.write(
        frame('ready', {
          scope: { code: actor.scopeCode },
          heartbeatSeconds: Math.round(heartbeatMs / 1000),
        }),
      );
      const lifetime = Math.min(maxStreamMs, (streamOptions.maxSeconds ?? Infinity) * 1000);
      if (lifetime <= 0) {
        res.end();
        return;
      }

      let ended = false;
      const client: Client = {
        actor,
        write(chunk) {
          if (ended) return;
          if (res.writableLength > maxBufferedBytes) {
            options.log.warn('live: dropped a client that does not keep up');
            client.end();
            return;
          }
          res.write(chunk);
        },
        end() {
          if (ended) return;
          ended = true;
          clearInterval(heartbeat);
          clearTimeout(expiry);
          clients.delete(client);
          res.end();
        },
      };
      const heartbeat = setInterval(() => {
        void streamOptions
          .revalidate()
          .then((current) => {
            if (!current) return client.end();
            client.actor = current;
            client.write(`: heartbeat ${new Date().toISOString()}\n\n`);
          })
          .catch((error: unknown) => {
            options.log.error(error, 'live: revalidating a client failed');
            client.write(`: heartbeat\n\n`);
          });
      }, heartbeatMs);
      const expiry = setTimeout(() => client.end(), lifetime);
      res.on('close', () => client.end());
      res.on('error', () => client.end());
      clients.add(client);
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
