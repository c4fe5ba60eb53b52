import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@sinergi/shared';
import { createTestDatabase } from '../../../test/harness.ts';
import { buildApp, type BuiltApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { connect, disconnect, type Database } from '../../db/index.ts';
import { signBody } from './sms.ts';
import { PLACES, reportBody } from './test-helpers.ts';

/**
 * The identity canary: a reporter's name and phone planted in reports must appear in no response
 * (lists, details, search, batch results, errors), no log line and no e-mail, for every role, except
 * through the audited reporter route for the regency officer of the scope and admins.
 */

const CANARY_NAME = 'Kanari Sutanto Wirabumi';
const CANARY_PHONE = '081377766655';
const CANARY_SMS_PHONE = '+6281355544433';
const SMS_SECRET = 'canary-sms-secret-0123456789';

let built: BuiltApp;
let database: Database;
let drop: () => Promise<void>;
let filesDir: string;
let smtp: SMTPServer;
const logLines: string[] = [];
const mails: string[] = [];

interface Caller {
  id: string;
  role: Role;
  scope: string;
  headers: Record<string, string>;
}
const callers: Caller[] = [];

async function makeUser(role: Role, scopeCode: string, phone?: string): Promise<Caller> {
  const created = await built.services.users.create(null, {
    username: `${role.replaceAll('_', '-')}-${crypto.randomBytes(4).toString('hex')}`,
    name: `Canary test ${role}`,
    password: 'test-password-123',
    role,
    scopeCode,
    ...(phone ? { phone } : {}),
  });
  const token = `sin_${crypto.randomBytes(24).toString('base64url')}`;
  await database.db
    .insertInto('api_tokens')
    .values({
      user_id: created.id,
      name: 't',
      token_hash: crypto.createHash('sha256').update(token).digest(),
    })
    .execute();
  return { id: created.id, role, scope: scopeCode, headers: { authorization: `Bearer ${token}` } };
}

const SCOPES: Record<Role, string> = {
  admin: 'ID',
  ministry: 'ID',
  province_officer: '15',
  regency_officer: '15.04',
  forum_member: '15.04',
  field_reporter: '15.04',
  election_body: '15.04',
  agency_head: '15.04',
};

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port));
  });
  const testDb = await createTestDatabase();
  drop = testDb.drop;
  const config = loadConfig({
    SINERGI_MFA: 'optional',
    DATABASE_URL: testDb.url,
    SINERGI_DEMO: '0',
    SINERGI_JOBS_POLL_SECONDS: '0.5',
    SINERGI_DATA_DIR: (filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-canary-'))),
    SINERGI_SMTP_URL: `smtp://127.0.0.1:${port}`,
    SINERGI_SMS_SECRET: SMS_SECRET,
  });
  const base = connect(testDb.url, 'server', 10);
  database = { ...base, embeddedPid: () => undefined, close: () => disconnect(base) };
  // The most talkative log level the app has, captured line by line.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  });
  built = await buildApp(config, database, { logger: { level: 'trace', stream: sink } });
  await built.app.ready();
  for (const role of ROLES) callers.push(await makeUser(role, SCOPES[role]));
  for (const role of ROLES)
    if (SCOPES[role] !== 'ID')
      callers.push(await makeUser(role, role === 'province_officer' ? '16' : '16.07'));
  // Forum members of the regency receive alert e-mails, when the alerts module sends any.
  await database.db
    .updateTable('users')
    .set({ email: 'forum@example.go.id' })
    .where('role', '=', 'forum_member')
    .execute();
});

afterAll(async () => {
  await built.app.close();
  await database.close();
  await drop();
  fs.rmSync(filesDir, { recursive: true, force: true });
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const reporterOf = () => callers.find((c) => c.role === 'field_reporter' && c.scope === '15.04') as Caller;
const officerOf = () => callers.find((c) => c.role === 'regency_officer' && c.scope === '15.04') as Caller;

function inject(
  caller: Caller | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers = {},
) {
  return built.app.inject({
    method,
    url,
    headers: { ...(caller?.headers ?? {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describe('reporter identity', () => {
  const planted: string[] = [];
  const responses: Array<{ who: string; url: string; body: string }> = [];
  const keep = (who: string, url: string, body: string) => responses.push({ who, url, body });

  it('is stored apart from the report, and filing answers never carry it', async () => {
    const reporter = reporterOf();
    const single = reportBody({ severity: 4, reporter: { name: CANARY_NAME, phone: CANARY_PHONE } });
    const res = await inject(reporter, 'POST', '/api/v1/reports', single);
    expect(res.statusCode).toBe(201);
    keep('reporter', 'create', res.body);
    planted.push(single.id as string);

    const again = await inject(reporter, 'POST', '/api/v1/reports', single);
    keep('reporter', 'create again', again.body);
    const conflict = await inject(reporter, 'POST', '/api/v1/reports', { ...single, severity: 2 });
    expect(conflict.statusCode).toBe(409);
    keep('reporter', 'conflict', conflict.body);
    const invalid = await inject(reporter, 'POST', '/api/v1/reports', {
      ...reportBody(),
      reporter: { name: CANARY_NAME, phone: `x${CANARY_PHONE}` },
    });
    expect(invalid.statusCode).toBe(400);
    keep('reporter', 'invalid', invalid.body);
    const tooLong = await inject(reporter, 'POST', '/api/v1/reports', {
      ...reportBody(),
      reporter: { name: `${CANARY_NAME} ${'x'.repeat(300)}` },
    });
    expect(tooLong.statusCode).toBe(400);
    keep('reporter', 'too long', tooLong.body);

    const items = [1, 2, 3].map(() => reportBody({ reporter: { name: CANARY_NAME, phone: CANARY_PHONE } }));
    const batch = await inject(reporter, 'POST', '/api/v1/reports/batch', items);
    expect(batch.statusCode).toBe(200);
    keep('reporter', 'batch', batch.body);
    planted.push(...items.map((i) => i.id as string));
    const badBatch = await inject(reporter, 'POST', '/api/v1/reports/batch', [
      ...items,
      { ...reportBody({ regionCode: '15.04.99.9999' }), reporter: { name: CANARY_NAME } },
    ]);
    expect(badBatch.statusCode).toBe(400);
    keep('reporter', 'bad batch', badBatch.body);

    // A registered phone files by SMS: the number is its identity.
    await makeUser('field_reporter', '15.04', CANARY_SMS_PHONE);
    const sms = JSON.stringify({
      from: CANARY_SMS_PHONE,
      text: `LAPOR ${PLACES.batanghariVillage} BENTROK ${'massa'} pendukung saling lempar batu`,
      messageId: 'canary-1',
    });
    const smsRes = await inject(null, 'POST', '/api/v1/intake/sms', sms, {
      'content-type': 'application/json',
      'x-sinergi-signature': signBody(sms, SMS_SECRET),
    });
    expect(smsRes.statusCode, smsRes.body).toBe(201);
    keep('gateway', 'sms', smsRes.body);

    const stored = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM reporter_identities WHERE name = ${CANARY_NAME}`.execute(database.db);
    expect(stored.rows[0]?.n).toBe(4);
    // The reports table itself has no column that could hold it.
    const leak = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM reports r WHERE r::text LIKE ${`%${CANARY_NAME}%`} OR r::text LIKE ${`%${CANARY_PHONE}%`}`.execute(
      database.db,
    );
    expect(leak.rows[0]?.n).toBe(0);
  });

  it('appears in no list, detail, search, map, duplicate group or export for any role, inside or outside', async () => {
    const id = planted[0] as string;
    for (const caller of callers) {
      const who = `${caller.role}@${caller.scope}`;
      for (const url of [
        '/api/v1/reports?limit=500',
        `/api/v1/reports?q=${encodeURIComponent(CANARY_NAME)}`,
        `/api/v1/reports?q=${encodeURIComponent('Kanari')}`,
        `/api/v1/reports/${id}`,
        '/api/v1/reports/points',
        '/api/v1/reports/duplicate-groups',
        `/api/v1/reports/${id}/reporter`,
        '/api/v1/exports/reports.csv',
        '/api/v1/exports/acled.csv',
      ]) {
        const res = await inject(caller, 'GET', url);
        keep(who, url, res.body);
      }
      // Searching by the name finds nothing: it is not part of the report.
      const search = await inject(caller, 'GET', `/api/v1/reports?q=${encodeURIComponent(CANARY_NAME)}`);
      if (search.statusCode === 200) expect(search.json().items).toEqual([]);
    }
  });

  it('is readable only by the regency officer of the scope and admins, with a reason, and each read is audited', async () => {
    const id = planted[0] as string;
    const officer = officerOf();
    const noReason = await inject(officer, 'GET', `/api/v1/reports/${id}/reporter`);
    expect(noReason.statusCode).toBe(400);
    keep('officer', 'no reason', noReason.body);

    const reason = 'Konfirmasi lapangan oleh Kesbangpol';
    const read = await inject(
      officer,
      'GET',
      `/api/v1/reports/${id}/reporter?reason=${encodeURIComponent(reason)}`,
    );
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ reportId: id, name: CANARY_NAME, phone: CANARY_PHONE });
    const admin = callers.find((c) => c.role === 'admin') as Caller;
    expect((await inject(admin, 'GET', `/api/v1/reports/${id}/reporter?reason=audit+check`)).statusCode).toBe(
      200,
    );

    for (const caller of callers) {
      if ((caller.role === 'regency_officer' && caller.scope === '15.04') || caller.role === 'admin')
        continue;
      const res = await inject(
        caller,
        'GET',
        `/api/v1/reports/${id}/reporter?reason=${encodeURIComponent(reason)}`,
      );
      expect([403, 404], `${caller.role}@${caller.scope}`).toContain(res.statusCode);
      keep(`${caller.role}@${caller.scope}`, 'reporter with reason', res.body);
    }

    const audit = await sql<{ actor_id: string; changes: { reason: string } }>`
      SELECT actor_id, changes FROM audit_log WHERE action = 'report.reporter_read' AND entity_id = ${id}
       ORDER BY id`.execute(database.db);
    expect(audit.rows.map((r) => [r.actor_id, r.changes.reason])).toEqual([
      [officer.id, reason],
      [admin.id, 'audit check'],
    ]);
  });

  it('an anonymous report has no identity at all', async () => {
    const body = reportBody({ anonymous: true });
    await inject(reporterOf(), 'POST', '/api/v1/reports', body);
    const res = await inject(
      officerOf(),
      'GET',
      `/api/v1/reports/${body.id}/reporter?reason=periksa+identitas`,
    );
    expect(res.statusCode).toBe(404);
    const rows = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM reporter_identities WHERE report_id = ${body.id}`.execute(database.db);
    expect(rows.rows[0]?.n).toBe(0);
    expect((await inject(officerOf(), 'GET', `/api/v1/reports/${body.id}`)).json().hasReporter).toBe(false);
  });

  it('finally: the canary is in no response but the allowed reads, no log line and no e-mail', async () => {
    // Give queued notifications (alerts e-mail) time to go out.
    await new Promise((r) => setTimeout(r, 3000));
    for (const r of responses) {
      expect(r.body.includes(CANARY_NAME), `${r.who} ${r.url}: ${r.body.slice(0, 200)}`).toBe(false);
      expect(r.body.includes(CANARY_PHONE), `${r.who} ${r.url}`).toBe(false);
      expect(r.body.includes(CANARY_SMS_PHONE.slice(3)), `${r.who} ${r.url}`).toBe(false);
    }
    expect(responses.length).toBeGreaterThan(140);
    expect(logLines.length).toBeGreaterThan(100);
    // The log really holds the requests (so a leak into it would be seen).
    expect(logLines.some((line) => line.includes(`/api/v1/reports/${planted[0]}`))).toBe(true);
    const leakingLines = logLines.filter(
      (line) =>
        line.includes(CANARY_NAME) || line.includes(CANARY_PHONE) || line.includes(CANARY_SMS_PHONE.slice(3)),
    );
    expect(leakingLines).toEqual([]);
    for (const mail of mails) {
      const decoded = mail.replace(/=\r?\n/g, '');
      expect(decoded.includes(CANARY_NAME) || decoded.includes('Kanari')).toBe(false);
      expect(decoded.includes(CANARY_PHONE)).toBe(false);
    }
  });
});
