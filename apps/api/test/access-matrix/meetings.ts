import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Role } from '@sinergi/shared';
import type { MeetingTables } from '../../src/modules/meetings/tables.ts';
import type { TestContext } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the meetings module: meetings, participants, decisions, follow-ups, legal bases. */

const EDITORS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
const READERS: readonly Role[] = [...EDITORS, 'ministry', 'forum_member', 'election_body'];
/** Roles that update follow-ups they own (officers: any in scope). */
const OWNERS: readonly Role[] = [...EDITORS, 'forum_member', 'election_body', 'agency_head'];
const AGGREGATES: readonly Role[] = [...EDITORS, 'ministry'];

const BOUNDARY = '----sinergi-matrix';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const multipartPdf = () => ({
  payload: Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="materi.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    PDF,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]),
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
});

/** A meeting in the region with one participant and one decision carrying one follow-up. */
async function meetingIn(ctx: TestContext, regionCode: string) {
  const meetings = ctx.services.meetings.service;
  const id = await meetings.createMeeting(null, {
    regionCode,
    kind: 'rakor',
    title: 'Rakor matriks akses',
    startsAt: '2024-11-12T09:00',
  });
  const participant = await meetings.addParticipant(
    null,
    id,
    { name: 'Peserta', position: 'Kapolsek', institution: 'Polres', attended: false },
    '',
  );
  const decision = await meetings.addDecision(
    null,
    id,
    {
      text: 'Keputusan',
      followUps: [{ title: 'Tindak lanjut', assignee: { institution: 'Kodim' }, dueOn: '2024-11-30' }],
    },
    '',
  );
  const followUpId = decision.followUps[0]?.id ?? '';
  return { id, participantId: participant.id, followUpId };
}

/** Follow-up routes for a role that only updates what it owns: the follow-up is assigned to the caller. */
async function followUpFor(ctx: TestContext, regionCode: string): Promise<string> {
  const { followUpId } = await meetingIn(ctx, regionCode);
  const caller = ctx.caller;
  if (caller && !EDITORS.includes(caller.role)) {
    await ctx.database.db
      .withTables<MeetingTables>()
      .updateTable('follow_ups')
      .set({ assignee_user_id: caller.id })
      .where('id', '=', followUpId)
      .execute();
  }
  return followUpId;
}

async function storedPdf(ctx: TestContext) {
  return ctx.services.files.put(Readable.from([PDF]), { allowed: ['application/pdf'] });
}

export const cases: AccessCase[] = [
  {
    route: 'GET /api/v1/legal-bases',
    allowed: READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/legal-bases?region=${regionCode}` }),
  },
  {
    route: 'POST /api/v1/legal-bases',
    allowed: EDITORS,
    okStatus: 201,
    build: (_ctx, regionCode) =>
      Promise.resolve({
        url: '/api/v1/legal-bases',
        payload: {
          kind: 'Perda',
          number: String(crypto.randomInt(1, 1_000_000)),
          year: 2024,
          title: 'Penyelenggaraan Ketenteraman dan Ketertiban Umum',
          regionCode,
        },
      }),
  },
  {
    route: 'GET /api/v1/meetings',
    allowed: READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/meetings?region=${regionCode}` }),
  },
  {
    route: 'POST /api/v1/meetings',
    allowed: EDITORS,
    okStatus: 201,
    build: (_ctx, regionCode) =>
      Promise.resolve({
        url: '/api/v1/meetings',
        payload: { regionCode, kind: 'dialog', title: 'Dialog sinergitas', startsAt: '2024-06-11T09:00' },
      }),
  },
  {
    route: 'GET /api/v1/meetings/:id',
    allowed: READERS,
    build: async (ctx, regionCode) => ({ url: `/api/v1/meetings/${(await meetingIn(ctx, regionCode)).id}` }),
  },
  {
    route: 'PATCH /api/v1/meetings/:id',
    allowed: EDITORS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/meetings/${(await meetingIn(ctx, regionCode)).id}`,
      payload: { summary: 'Ringkasan pembahasan.' },
    }),
  },
  {
    route: 'POST /api/v1/meetings/:id/participants',
    allowed: EDITORS,
    okStatus: 201,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/meetings/${(await meetingIn(ctx, regionCode)).id}/participants`,
      payload: { name: 'Ketua FKUB', position: 'Ketua', institution: 'FKUB', attended: true },
    }),
  },
  {
    route: 'PATCH /api/v1/meetings/:id/participants/:participantId',
    allowed: EDITORS,
    build: async (ctx, regionCode) => {
      const m = await meetingIn(ctx, regionCode);
      return { url: `/api/v1/meetings/${m.id}/participants/${m.participantId}`, payload: { attended: true } };
    },
  },
  {
    route: 'DELETE /api/v1/meetings/:id/participants/:participantId',
    allowed: EDITORS,
    okStatus: 204,
    build: async (ctx, regionCode) => {
      const m = await meetingIn(ctx, regionCode);
      return { url: `/api/v1/meetings/${m.id}/participants/${m.participantId}` };
    },
  },
  {
    route: 'POST /api/v1/meetings/:id/decisions',
    allowed: EDITORS,
    okStatus: 201,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/meetings/${(await meetingIn(ctx, regionCode)).id}/decisions`,
      payload: {
        text: 'Memperkuat patroli gabungan.',
        followUps: [{ title: 'Patroli', assignee: 'Polres', dueOn: '2024-12-01' }],
      },
    }),
  },
  {
    route: 'GET /api/v1/meetings/:id/minutes.pdf',
    allowed: READERS,
    okStatus: 200,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/meetings/${(await meetingIn(ctx, regionCode)).id}/minutes.pdf`,
    }),
  },
  {
    route: 'POST /api/v1/meetings/:id/attachments',
    allowed: EDITORS,
    okStatus: 201,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/meetings/${(await meetingIn(ctx, regionCode)).id}/attachments?kind=material`,
      ...multipartPdf(),
    }),
  },
  {
    route: 'GET /api/v1/meetings/:id/attachments/:attachmentId',
    allowed: READERS,
    okStatus: 200,
    build: async (ctx, regionCode) => {
      const { id } = await meetingIn(ctx, regionCode);
      const stored = await storedPdf(ctx);
      const row = await ctx.database.db
        .withTables<MeetingTables>()
        .insertInto('meeting_attachments')
        .values({
          meeting_id: id,
          kind: 'material',
          name: 'materi.pdf',
          sha256: stored.sha256,
          mime: stored.mime,
          size: stored.size,
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/v1/meetings/${id}/attachments/${row.id}` };
    },
  },
  {
    route: 'GET /api/v1/follow-ups',
    // Agency heads may only ask for their own (mine=true): the plain region board is refused.
    allowed: READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/follow-ups?region=${regionCode}` }),
  },
  {
    route: 'GET /api/v1/follow-ups.xlsx',
    allowed: READERS,
    okStatus: 200,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/follow-ups.xlsx?region=${regionCode}` }),
  },
  {
    route: 'GET /api/v1/follow-ups/stats',
    allowed: AGGREGATES,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/follow-ups/stats?parent=${regionCode}` }),
  },
  {
    route: 'PATCH /api/v1/follow-ups/:id',
    allowed: OWNERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/follow-ups/${await followUpFor(ctx, regionCode)}`,
      payload: { status: 'in_progress', evidence: 'Sudah dikoordinasikan.' },
    }),
  },
  {
    route: 'POST /api/v1/follow-ups/:id/evidence',
    allowed: OWNERS,
    okStatus: 201,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/follow-ups/${await followUpFor(ctx, regionCode)}/evidence`,
      ...multipartPdf(),
    }),
  },
  {
    route: 'GET /api/v1/follow-ups/:id/evidence/:evidenceId',
    allowed: [...READERS, 'agency_head'],
    okStatus: 200,
    build: async (ctx, regionCode) => {
      const followUpId = await followUpFor(ctx, regionCode);
      const stored = await storedPdf(ctx);
      const row = await ctx.database.db
        .withTables<MeetingTables>()
        .insertInto('follow_up_evidence')
        .values({
          follow_up_id: followUpId,
          text: null,
          file_sha256: stored.sha256,
          file_name: 'bukti.pdf',
          file_mime: stored.mime,
          file_size: stored.size,
          created_by: null,
          created_by_name: 'Sinergi',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/v1/follow-ups/${followUpId}/evidence/${row.id}` };
    },
  },
  {
    route: 'GET /api/v1/me/invitations',
    allowed: 'any',
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/me/invitations' }),
  },
];
