import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { manualClock } from './testing.ts';

/** Every write route answers bad input with a 4xx and a clear code, and writes nothing. */

const clock = manualClock('2024-11-12T08:00:00+07:00');
let ctx: TestContext;
let officer: TestUser;
let forum: TestUser;
let outsider: TestUser;
let meetingId: string;
let participantId: string;
let followUpId: string;

const TABLES = [
  'legal_bases',
  'meetings',
  'meeting_legal_bases',
  'meeting_participants',
  'meeting_decisions',
  'follow_ups',
  'follow_up_evidence',
  'follow_up_reminders',
  'meeting_attachments',
  'audit_log',
];

/** Row counts and a checksum of every table the module writes (and the audit log). */
async function snapshot(): Promise<string> {
  await ctx.services.audit.chainNow();
  const parts: string[] = [];
  for (const table of TABLES) {
    const row = await sql<{ n: number; digest: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS digest
        FROM ${sql.table(table)} t`.execute(ctx.database.db);
    parts.push(`${table}:${row.rows[0]?.n}:${row.rows[0]?.digest}`);
  }
  return parts.join('\n');
}

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  officer = await ctx.user('regency_officer', '15.07');
  forum = await ctx.user('forum_member', '15.07');
  outsider = await ctx.user('forum_member', '15.04');
  const meeting = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/meetings',
    headers: officer.headers,
    payload: { regionCode: '15.07', kind: 'rakor', title: 'Rakor', startsAt: '2024-11-12T09:00' },
  });
  meetingId = meeting.json().id;
  const participant = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/participants`,
    headers: officer.headers,
    payload: { name: 'Sularto', position: 'Kaban Kesbangpol', institution: 'Kesbangpol', attended: true },
  });
  participantId = participant.json().id;
  const decision = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/decisions`,
    headers: officer.headers,
    payload: {
      text: 'Keputusan',
      followUps: [{ title: 'Tindak lanjut', assignee: 'Polres', dueOn: '2024-11-30' }],
    },
  });
  followUpId = decision.json().followUps[0].id;
  const done = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meetingId}/decisions`,
    headers: officer.headers,
    payload: {
      text: 'Keputusan selesai',
      followUps: [{ title: 'Sudah selesai', assignee: 'Kodim', dueOn: '2024-11-30' }],
    },
  });
  await ctx.app.inject({
    method: 'PATCH',
    url: `/api/v1/follow-ups/${done.json().followUps[0].id}`,
    headers: officer.headers,
    payload: { status: 'done' },
  });
  doneId = done.json().followUps[0].id;
});
afterAll(() => ctx.close());

let doneId: string;

interface BadCase {
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  url: () => string;
  payload?: unknown;
  headers?: Record<string, string>;
  as?: () => TestUser;
  status: number;
  code: string;
}

const multipart = (filename: string, type: string, content: Buffer) => {
  const boundary = '----sinergi-bad';
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
};

const CASES: BadCase[] = [
  // POST /legal-bases
  {
    name: 'legal basis without a title',
    method: 'POST',
    url: () => '/api/v1/legal-bases',
    payload: { kind: 'UU', number: '1', year: 2015 },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'legal basis of an unknown kind',
    method: 'POST',
    url: () => '/api/v1/legal-bases',
    payload: { kind: 'Keppres', number: '1', year: 2015, title: 'x' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'a national law naming a region',
    method: 'POST',
    url: () => '/api/v1/legal-bases',
    payload: { kind: 'UU', number: '1', year: 2015, title: 'x', regionCode: '15.07' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'a Perda without its region',
    method: 'POST',
    url: () => '/api/v1/legal-bases',
    payload: { kind: 'Perda', number: '1', year: 2015, title: 'x' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'a law already in the list',
    method: 'POST',
    url: () => '/api/v1/legal-bases',
    payload: { kind: 'UU', number: '23', year: 2014, title: 'Pemerintahan Daerah' },
    status: 409,
    code: 'legal_basis.duplicate',
  },
  {
    name: 'a year before the republic',
    method: 'POST',
    url: () => '/api/v1/legal-bases',
    payload: { kind: 'UU', number: '1', year: 1900, title: 'x' },
    status: 400,
    code: 'validation.invalid',
  },
  // POST /meetings
  {
    name: 'meeting of an unknown kind',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: { regionCode: '15.07', kind: 'party', title: 'x', startsAt: '2024-11-12T09:00' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting without a start',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: { regionCode: '15.07', kind: 'rakor', title: 'x' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting starting on an impossible date',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: { regionCode: '15.07', kind: 'rakor', title: 'x', startsAt: '2024-02-30T09:00' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting ending before it starts',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: {
      regionCode: '15.07',
      kind: 'rakor',
      title: 'x',
      startsAt: '2024-11-12T09:00',
      endsAt: '2024-11-12T08:00',
    },
    status: 400,
    code: 'meeting.ends_before_start',
  },
  {
    name: 'meeting of a village',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: { regionCode: '15.07.01.2001', kind: 'rakor', title: 'x', startsAt: '2024-11-12T09:00' },
    status: 400,
    code: 'meeting.region_level',
  },
  {
    name: 'meeting of a region that does not exist',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: { regionCode: '15.07.99', kind: 'rakor', title: 'x', startsAt: '2024-11-12T09:00' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting citing an unknown law',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: {
      regionCode: '15.07',
      kind: 'rakor',
      title: 'x',
      startsAt: '2024-11-12T09:00',
      legalBases: ['UU 99/2099'],
    },
    status: 400,
    code: 'meeting.legal_basis_unknown',
  },
  {
    name: 'meeting with an unknown field',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: { regionCode: '15.07', kind: 'rakor', title: 'x', startsAt: '2024-11-12T09:00', secret: 1 },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting with a link that is not http',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: {
      regionCode: '15.07',
      kind: 'virtual_briefing',
      title: 'x',
      startsAt: '2024-11-12T09:00',
      link: 'javascript:alert(1)',
    },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting chaired by a user of another regency',
    method: 'POST',
    url: () => '/api/v1/meetings',
    get payload() {
      return {
        regionCode: '15.07',
        kind: 'rakor',
        title: 'x',
        startsAt: '2024-11-12T09:00',
        chair: { name: 'x', position: 'y', userId: outsider.id },
      };
    },
    status: 400,
    code: 'meeting.chair_invalid',
  },
  {
    name: 'malformed JSON',
    method: 'POST',
    url: () => '/api/v1/meetings',
    payload: '{"regionCode":',
    headers: { 'content-type': 'application/json' },
    status: 400,
    code: 'validation.malformed_json',
  },
  // PATCH /meetings/:id
  {
    name: 'empty meeting change',
    method: 'PATCH',
    url: () => `/api/v1/meetings/${meetingId}`,
    payload: {},
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting moved to end before its start',
    method: 'PATCH',
    url: () => `/api/v1/meetings/${meetingId}`,
    payload: { endsAt: '2024-11-12T07:00:00+07:00' },
    status: 400,
    code: 'meeting.ends_before_start',
  },
  {
    name: 'meeting id that is not a uuid',
    method: 'PATCH',
    url: () => '/api/v1/meetings/42',
    payload: { title: 'x' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'meeting that does not exist',
    method: 'PATCH',
    url: () => '/api/v1/meetings/00000000-0000-4000-8000-000000000000',
    payload: { title: 'x' },
    status: 404,
    code: 'meeting.not_found',
  },
  // participants
  {
    name: 'participant without a position',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/participants`,
    payload: { name: 'x', institution: 'KPU', attended: true },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'participant with attended as text',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/participants`,
    payload: { name: 'x', position: 'y', institution: 'KPU', attended: 'ya' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'participant linked to an outside user',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/participants`,
    get payload() {
      return { name: 'x', position: 'y', institution: 'KPU', attended: true, userId: outsider.id };
    },
    status: 400,
    code: 'meeting.participant_user_invalid',
  },
  {
    name: 'empty attendance change',
    method: 'PATCH',
    url: () => `/api/v1/meetings/${meetingId}/participants/${participantId}`,
    payload: {},
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'attendance of a participant of no meeting',
    method: 'PATCH',
    url: () => `/api/v1/meetings/${meetingId}/participants/00000000-0000-4000-8000-000000000000`,
    payload: { attended: true },
    status: 404,
    code: 'resource.not_found',
  },
  {
    name: 'removing a participant that does not exist',
    method: 'DELETE',
    url: () => `/api/v1/meetings/${meetingId}/participants/00000000-0000-4000-8000-000000000000`,
    status: 404,
    code: 'resource.not_found',
  },
  {
    name: 'removing with a bad id',
    method: 'DELETE',
    url: () => `/api/v1/meetings/${meetingId}/participants/abc`,
    status: 400,
    code: 'validation.invalid',
  },
  // decisions
  {
    name: 'decision without text',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/decisions`,
    payload: { text: '  ' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'follow-up without an owner',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/decisions`,
    payload: { text: 'x', followUps: [{ title: 'y', assignee: {}, dueOn: '2024-11-30' }] },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'follow-up due on an impossible date',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/decisions`,
    payload: { text: 'x', followUps: [{ title: 'y', assignee: 'Polres', dueOn: '2024-13-01' }] },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'follow-up due before the meeting (second of two: the first is not kept)',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/decisions`,
    payload: {
      text: 'x',
      followUps: [
        { title: 'ok', assignee: 'Polres', dueOn: '2024-11-30' },
        { title: 'y', assignee: 'Polres', dueOn: '2024-11-11' },
      ],
    },
    status: 400,
    code: 'follow_up.due_before_meeting',
  },
  {
    name: 'follow-up assigned to an outside user',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/decisions`,
    get payload() {
      return {
        text: 'x',
        followUps: [{ title: 'y', assignee: { userId: outsider.id }, dueOn: '2024-11-30' }],
      };
    },
    status: 400,
    code: 'follow_up.assignee_invalid',
  },
  // attachments
  {
    name: 'attachment sent as JSON',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/attachments`,
    payload: { file: 'x' },
    status: 400,
    code: 'upload.missing',
  },
  {
    name: 'attachment of a type not allowed',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/attachments?kind=photo`,
    ...multipart('a.exe', 'application/octet-stream', Buffer.from('MZ\x90\x00 not a document at all')),
    status: 415,
    code: 'upload.type_not_allowed',
  },
  {
    name: 'attachment claiming to be a PDF but a PNG',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/attachments`,
    ...multipart('a.pdf', 'application/pdf', Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex')),
    status: 400,
    code: 'upload.type_mismatch',
  },
  {
    name: 'attachment of an unknown kind',
    method: 'POST',
    url: () => `/api/v1/meetings/${meetingId}/attachments?kind=selfie`,
    ...multipart('a.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n')),
    status: 400,
    code: 'validation.invalid',
  },
  // follow-ups
  {
    name: 'empty follow-up change',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${followUpId}`,
    payload: {},
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'unknown follow-up status',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${followUpId}`,
    payload: { status: 'finished' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'dropping without a reason',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${followUpId}`,
    payload: { status: 'dropped' },
    status: 400,
    code: 'follow_up.reason_required',
  },
  {
    name: 'a reason without dropping',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${followUpId}`,
    payload: { status: 'done', reason: 'x' },
    status: 400,
    code: 'validation.invalid',
  },
  {
    name: 'reopening a done follow-up',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${doneId}`,
    payload: { status: 'open', evidence: 'x' },
    status: 409,
    code: 'follow_up.illegal_transition',
  },
  {
    name: 'moving the due date before the meeting',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${followUpId}`,
    payload: { dueOn: '2024-11-01', evidence: 'x' },
    status: 400,
    code: 'follow_up.due_before_meeting',
  },
  {
    name: 'a forum member moving the due date',
    method: 'PATCH',
    url: () => `/api/v1/follow-ups/${followUpId}`,
    payload: { dueOn: '2024-12-31' },
    as: () => forum,
    status: 403,
    code: 'follow_up.not_owner',
  },
  {
    name: 'evidence without a file',
    method: 'POST',
    url: () => `/api/v1/follow-ups/${followUpId}/evidence`,
    payload: { text: 'x' },
    status: 400,
    code: 'upload.missing',
  },
  {
    name: 'evidence of a type not allowed',
    method: 'POST',
    url: () => `/api/v1/follow-ups/${followUpId}/evidence`,
    ...multipart('a.txt', 'text/plain', Buffer.from('just some text that is long enough')),
    status: 415,
    code: 'upload.type_not_allowed',
  },
  {
    name: 'evidence for a follow-up that does not exist',
    method: 'POST',
    url: () => '/api/v1/follow-ups/00000000-0000-4000-8000-000000000000/evidence',
    ...multipart('a.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n')),
    status: 404,
    code: 'follow_up.not_found',
  },
];

describe('bad input to the meetings routes', () => {
  for (const c of CASES) {
    it(`${c.method} ${c.name}: ${c.status} ${c.code}, nothing written`, async () => {
      const before = await snapshot();
      const user = c.as?.() ?? officer;
      const res = await ctx.app.inject({
        method: c.method,
        url: c.url(),
        headers: { ...user.headers, ...(c.headers ?? {}) },
        ...(c.payload === undefined ? {} : { payload: c.payload as string }),
      });
      expect(res.statusCode, res.body).toBe(c.status);
      const body = res.json();
      expect(body.error.code).toBe(c.code);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(res.body).not.toMatch(/at \w+ \(|node_modules/);
      expect(await snapshot()).toBe(before);
    });
  }
});
