import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@sinergi/shared';
import { createTestDatabase } from '../../test/harness.ts';
import type { Actor } from '../http/actor.ts';
import { openEventStream } from './event-stream-client.ts';
import { createLiveHub, inScope, LIVE_CHANNEL, type LiveHub } from './hub.ts';

/**
 * The hub on its own: a LISTEN connection to a real database, a fake topic, and HTTP clients that
 * stand for browsers of different scopes and roles.
 */

let database: { url: string; drop: () => Promise<void> };
let admin: pg.Client;
let hub: LiveHub;
let app: FastifyInstance;
let base: string;
const loads: string[][] = [];
/** What a subscriber of another channel heard (the auth module's token cache is one). */
const channelEvents: string[] = [];
// Who the caller of each stream is, and whether it is still signed in (for revalidation).
const signedIn = new Map<string, boolean>();

function actor(name: string, role: Role, scopeCode: string): Actor {
  return {
    userId: name,
    username: name,
    name,
    role,
    scopeCode,
    scopePath: scopeCode === 'ID' ? '' : scopeCode,
    via: 'token',
    mfaSatisfied: true,
  };
}
const ACTORS: Record<string, Actor> = {
  batanghari: actor('batanghari', 'regency_officer', '15.04'),
  jambi: actor('jambi', 'province_officer', '15'),
  banyuasin: actor('banyuasin', 'regency_officer', '16.07'),
  reporter: actor('reporter', 'field_reporter', '15.04'),
};

const notify = (event: string, id: string, path: string) =>
  admin.query('SELECT pg_notify($1, $2)', [
    LIVE_CHANNEL,
    JSON.stringify({ topic: 'thing', event, id, path }),
  ]);

beforeAll(async () => {
  database = await createTestDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  hub = createLiveHub({
    connectionString: database.url,
    log: { error: () => undefined, warn: () => undefined },
    heartbeatMs: 100,
  });
  hub.addSource({
    topic: 'thing',
    roles: ['regency_officer', 'province_officer'],
    load: (ids) => {
      loads.push(ids);
      return Promise.resolve(new Map(ids.map((id) => [id, { id, loaded: true }])));
    },
  });
  hub.subscribe('sinergi_test_channel', {
    listening: () => channelEvents.push('listening'),
    notice: (payload) => channelEvents.push(`notice ${payload}`),
    lost: () => channelEvents.push('lost'),
  });
  await hub.start();
  app = Fastify();
  app.get<{ Querystring: { who: string; maxSeconds?: string } }>('/live', (request, reply) => {
    const who = request.query.who;
    const caller = ACTORS[who];
    if (!caller) return reply.status(401).send();
    signedIn.set(who, true);
    hub.stream(request, reply, caller, {
      maxSeconds: request.query.maxSeconds === undefined ? undefined : Number(request.query.maxSeconds),
      revalidate: () => Promise.resolve(signedIn.get(who) ? caller : null),
    });
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await hub.stop();
  await app.close();
  await admin.end();
  await database.drop();
});

describe('live hub', () => {
  it('knows what lies inside a scope', () => {
    expect(inScope('15.04.01', '15.04')).toBe(true);
    expect(inScope('15.04', '15.04')).toBe(true);
    expect(inScope('15.041', '15.04')).toBe(false);
    expect(inScope('16.07.01', '15')).toBe(false);
    expect(inScope('16.07.01', '')).toBe(true);
  });

  it('sends an event only to clients whose scope holds it and whose role may receive it, loading it once', async () => {
    const streams = await Promise.all(
      ['batanghari', 'jambi', 'banyuasin', 'reporter'].map((who) =>
        openEventStream(`${base}/live?who=${who}`),
      ),
    );
    const [batanghari, jambi, banyuasin, reporter] = streams;
    if (!batanghari || !jambi || !banyuasin || !reporter) throw new Error('streams');
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'ready')));
    loads.length = 0;
    await notify('thing.opened', 'a-1', '15.04.01');
    const event = await batanghari.next((e) => e.event === 'thing.opened');
    expect(JSON.parse(event.data)).toEqual({ id: 'a-1', loaded: true });
    expect(event.id).toBe('thing:a-1');
    await jambi.next((e) => e.event === 'thing.opened');
    await new Promise((r) => setTimeout(r, 150));
    expect(banyuasin.events.map((e) => e.event)).toEqual(['ready']);
    expect(reporter.events.map((e) => e.event)).toEqual(['ready']);
    expect(loads).toEqual([['a-1']]);

    // Nothing is loaded for a notice no client here may see.
    await notify('thing.opened', 'a-2', '51.06.01');
    await new Promise((r) => setTimeout(r, 150));
    expect(loads).toEqual([['a-1']]);
    for (const s of streams) s.close();
  });

  it('a burst of notices is loaded in one call', async () => {
    const stream = await openEventStream(`${base}/live?who=jambi`);
    await stream.next((e) => e.event === 'ready');
    loads.length = 0;
    await admin.query(
      `SELECT pg_notify($1, json_build_object('topic', 'thing', 'event', 'thing.opened', 'id', 'b-' || i, 'path', '15.04.01')::text)
         FROM generate_series(1, 20) AS i`,
      [LIVE_CHANNEL],
    );
    await stream.next((e) => e.id === 'thing:b-20');
    expect(stream.events.filter((e) => e.event === 'thing.opened')).toHaveLength(20);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toHaveLength(20);
    stream.close();
  });

  it('sends heartbeat comments, and ends the stream once the caller is signed out', async () => {
    const stream = await openEventStream(`${base}/live?who=batanghari`);
    await stream.next((e) => e.event === 'ready');
    await new Promise((r) => setTimeout(r, 350));
    expect(stream.comments.filter((c) => c.startsWith('heartbeat')).length).toBeGreaterThanOrEqual(2);
    signedIn.set('batanghari', false);
    await stream.ended;
    expect(hub.clientCount).toBe(0);
  });

  it('ends a stream after maxSeconds, so EventSource reconnects with fresh credentials', async () => {
    const stream = await openEventStream(`${base}/live?who=jambi&maxSeconds=1`);
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(stream.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('reconnects a lost LISTEN connection and tells clients to resync', async () => {
    const stream = await openEventStream(`${base}/live?who=jambi`);
    await stream.next((e) => e.event === 'ready');
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sinergi-live'`,
    );
    await stream.next((e) => e.event === 'resync', 10_000);
    expect(hub.listening).toBe(true);
    await notify('thing.opened', 'c-1', '15.04');
    await stream.next((e) => e.id === 'thing:c-1');
    stream.close();
  });

  it('tells a subscriber of another channel its notices, and when notices may have been missed', async () => {
    const heard = async (event: string) => {
      const deadline = Date.now() + 10_000;
      while (!channelEvents.includes(event)) {
        if (Date.now() > deadline) throw new Error(`never heard ${event}: ${channelEvents.join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    channelEvents.length = 0;
    await admin.query(`SELECT pg_notify('sinergi_test_channel', 'one')`);
    await heard('notice one');
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sinergi-live'`,
    );
    await heard('listening');
    expect(channelEvents).toEqual(['notice one', 'lost', 'listening']);
    await admin.query(`SELECT pg_notify('sinergi_test_channel', 'two')`);
    await heard('notice two');
    expect(() => hub.subscribe('another_channel', { listening() {}, notice() {}, lost() {} })).toThrow();
  });
});
