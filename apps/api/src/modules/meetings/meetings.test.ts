import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { manualClock, pdfText, squash } from './testing.ts';

/**
 * The Tanjung Jabung Timur rakor of shared/reference/001 recorded through the API: legal bases,
 * participants with representation, decisions with follow-ups, and its minutes as a PDF.
 */

const clock = manualClock('2024-11-12T08:00:00+07:00');
let ctx: TestContext;
let officer: TestUser;
let forum: TestUser;
let otherOfficer: TestUser;

const THEME =
  'Peran Forkopimda Dalam Menjaga Kondusifitas Wilayah Kabupaten Tanjung Jabung Timur Dalam Pelaksanaan Pilkada 2024';
const DECISIONS = [
  {
    text: 'Meningkatkan deteksi dini dan kewaspadaan dini terhadap konflik kepentingan, konflik antarpartai politik, dan konflik antarsimpatisan pendukung pasangan calon di Dapil 1.',
    followUps: [
      {
        title: 'Laporan harian situasi kamtibmas setiap Polsek Dapil 1',
        assignee: 'Polres',
        dueOn: '2024-11-30',
      },
      {
        title: 'Pemetaan titik rawan konflik tingkat desa/kelurahan',
        assignee: { institution: 'Camat' },
        dueOn: '2024-11-20',
      },
    ],
  },
  {
    text: 'Camat, kepala desa dan lurah segera melaporkan gejala konflik sosial kepada Kesbangpol.',
    followUps: [
      { title: 'Sosialisasi pelaporan kewaspadaan dini', assignee: 'Kesbangpol', dueOn: '2024-11-19' },
    ],
  },
  { text: 'Forkopimda memperkuat sinergitas pengamanan menjelang pemungutan suara 27 November 2024.' },
];

const PARTICIPANTS = [
  {
    name: 'Suhas Purrojani',
    position: 'Asisten I Setda',
    institution: 'Bupati/Wali Kota',
    representing: 'Plt. Bupati Tanjung Jabung Timur',
    attended: true,
  },
  { name: 'Sularto', position: 'Kepala Badan Kesbangpol', institution: 'Kesbangpol', attended: true },
  { name: 'Kapolsek Kuala Jambi', position: 'Kapolsek', institution: 'Polres', attended: true },
  { name: 'Kapolsek Sabak Barat', position: 'Kapolsek', institution: 'Polres', attended: true },
  { name: 'Kapolsek Dendang', position: 'Kapolsek', institution: 'Polres', attended: true },
  { name: 'Kapolsek Sabak Timur', position: 'Kapolsek', institution: 'Polres', attended: false },
  { name: 'Camat Kuala Jambi', position: 'Camat', institution: 'Camat', attended: true },
];

let meetingId: string;

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  officer = await ctx.user('regency_officer', '15.07', { name: 'Operator Kesbangpol Tanjab Timur' });
  forum = await ctx.user('forum_member', '15.07', { name: 'AKBP Kapolres' });
  otherOfficer = await ctx.user('regency_officer', '15.04');
});
afterAll(() => ctx.close());

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, headers: user.headers, payload: payload as Record<string, unknown> });

describe('a coordination meeting recorded through the API', () => {
  it('records the rakor with its legal bases picked by citation, in the region zone', async () => {
    const res = await post(officer, '/api/v1/meetings', {
      regionCode: '15.07',
      kind: 'rakor',
      title: 'Rapat Koordinasi Forkopimda Menghadapi Pilkada 2024',
      theme: THEME,
      startsAt: '2024-11-12T09:00',
      venue: 'Aula Kantor Kesbangpol Tanjab Timur',
      legalBases: ['UU 7/2012', 'PP 2/2015', 'Permendagri 42/2015'],
      agenda: 'Pembukaan oleh Plt. Bupati\nMateri narasumber Kejaksaan, TNI dan Polri\nDiskusi',
      chair: { name: 'Suhas Purrojani', position: 'Asisten I Setda' },
      minutesTaker: { name: 'Sularto', position: 'Kepala Badan Kesbangpol' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const meeting = res.json();
    meetingId = meeting.id;
    expect(meeting.startsAt).toBe('2024-11-12T09:00:00+07:00');
    expect(meeting.region).toMatchObject({ code: '15.07', timezoneAbbreviation: 'WIB' });
    expect(meeting.legalBases.map((l: { citation: string }) => l.citation)).toEqual([
      'UU 7/2012',
      'PP 2/2015',
      'Permendagri 42/2015',
    ]);
    expect(meeting.agenda).toHaveLength(3);
    expect(meeting.organizer).toBe('Badan Kesatuan Bangsa dan Politik');
    expect(await ctx.services.audit.chainNow().then(() => countAudit('meeting', meetingId))).toBe(1);
  });

  it('takes attendance with who represented whom', async () => {
    for (const participant of PARTICIPANTS) {
      const res = await post(officer, `/api/v1/meetings/${meetingId}/participants`, participant);
      expect(res.statusCode, res.body).toBe(201);
    }
    // The acting regent's seat: Asisten I on his behalf.
    const meeting = (
      await ctx.app.inject({ url: `/api/v1/meetings/${meetingId}`, headers: officer.headers })
    ).json();
    expect(meeting.participantCount).toBe(PARTICIPANTS.length);
    expect(meeting.attendedCount).toBe(6);
    expect(meeting.participants[0]).toMatchObject({
      name: 'Suhas Purrojani',
      representing: 'Plt. Bupati Tanjung Jabung Timur',
      attended: true,
    });
    // Marking a late arrival present on the phone.
    const late = meeting.participants.find((p: { name: string }) => p.name === 'Kapolsek Sabak Timur');
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/meetings/${meetingId}/participants/${late.id}`,
      headers: officer.headers,
      payload: {
        attended: true,
        name: 'Ipda Wakapolsek',
        position: 'Wakapolsek',
        representing: 'Kapolsek Sabak Timur',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attended: true, representing: 'Kapolsek Sabak Timur' });
  });

  it('records decisions with follow-ups due at the end of the day in the region zone', async () => {
    for (const [i, decision] of DECISIONS.entries()) {
      const res = await post(officer, `/api/v1/meetings/${meetingId}/decisions`, decision);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.number).toBe(i + 1);
      expect(body.followUps).toHaveLength(decision.followUps?.length ?? 0);
    }
    const meeting = (
      await ctx.app.inject({ url: `/api/v1/meetings/${meetingId}`, headers: forum.headers })
    ).json();
    const [first] = meeting.decisions;
    expect(first.followUps[0]).toMatchObject({
      title: 'Laporan harian situasi kamtibmas setiap Polsek Dapil 1',
      assignee: { institution: 'Polres', userId: null },
      dueOn: '2024-11-30',
      dueAt: '2024-12-01T00:00:00+07:00',
      status: 'open',
      overdue: false,
    });
    expect(meeting.openFollowUps).toBe(3);
  });

  it('writes the minutes as an A4 PDF with embedded fonts whose text names the region, date, participants and decisions', async () => {
    const res = await ctx.app.inject({
      url: `/api/v1/meetings/${meetingId}/minutes.pdf`,
      headers: forum.headers,
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="notulen-2024-11-12-/);
    const pdf = res.rawPayload;
    const raw = pdf.toString('latin1');
    // TrueType programs are embedded; no reference to the non-embedded standard 14 fonts.
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times-Roman|Courier)\b/);
    const { text, size } = await pdfText(pdf);
    expect(size.map(Math.round)).toEqual([595, 842]);
    for (const expected of [
      'PEMERINTAH KABUPATEN TANJUNG JABUNG TIMUR',
      'BADAN KESATUAN BANGSA DAN POLITIK',
      'NOTULEN RAPAT',
      // 12 November 2024 was a Tuesday (the article's "Kamis" is its own slip).
      'Selasa, 12 November 2024',
      'Pukul 09.00 WIB',
      'Aula Kantor Kesbangpol Tanjab Timur',
      THEME,
      'Undang-Undang Nomor 7 Tahun 2012 tentang Penanganan Konflik Sosial',
      'Peraturan Menteri Dalam Negeri Nomor 42 Tahun 2015',
      'Hadir, mewakili Plt. Bupati Tanjung Jabung Timur',
      'Ipda Wakapolsek',
      'Tanjung Jabung Timur, 12 November 2024',
      'Pimpinan Rapat',
      'Notulis',
      'Batas waktu: Sabtu, 30 November 2024',
    ]) {
      expect(text, expected).toContain(squash(expected));
    }
    for (const participant of PARTICIPANTS.slice(0, 5)) expect(text).toContain(participant.name);
    for (const decision of DECISIONS) expect(text).toContain(squash(decision.text));
    for (const followUp of DECISIONS.flatMap((d) => d.followUps ?? []))
      expect(text).toContain(squash(followUp.title));
  });

  it('an officer of another regency cannot read the meeting or its minutes', async () => {
    for (const url of [`/api/v1/meetings/${meetingId}`, `/api/v1/meetings/${meetingId}/minutes.pdf`]) {
      const res = await ctx.app.inject({ url, headers: otherOfficer.headers });
      expect(res.statusCode).toBe(404);
    }
    const list = await ctx.app.inject({ url: '/api/v1/meetings', headers: otherOfficer.headers });
    expect(list.json().items.map((m: { id: string }) => m.id)).not.toContain(meetingId);
  });

  it('lists meetings by local date with keyset pagination, newest first', async () => {
    for (const day of ['2024-11-20', '2024-11-27']) {
      const res = await post(officer, '/api/v1/meetings', {
        regionCode: '15.07',
        kind: 'monitoring',
        title: `Rapat pantau ${day}`,
        startsAt: `${day}T19:30`,
      });
      expect(res.statusCode).toBe(201);
    }
    const first = await ctx.app.inject({
      url: '/api/v1/meetings?region=15.07&from=2024-11-12&to=2024-11-30&limit=2',
      headers: forum.headers,
    });
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((m: { title: string }) => m.title)).toEqual([
      'Rapat pantau 2024-11-27',
      'Rapat pantau 2024-11-20',
    ]);
    const second = await ctx.app.inject({
      url: `/api/v1/meetings?region=15.07&from=2024-11-12&to=2024-11-30&limit=2&cursor=${page1.nextCursor}`,
      headers: forum.headers,
    });
    expect(second.json().items.map((m: { id: string }) => m.id)).toEqual([meetingId]);
    expect(second.json().nextCursor).toBeNull();
    // 19:30 WIB on the 27th is the 27th locally though the 27th 12:30 in UTC: "to" is a local date.
    const one = await ctx.app.inject({
      url: '/api/v1/meetings?from=2024-11-27&to=2024-11-27',
      headers: forum.headers,
    });
    expect(one.json().items).toHaveLength(1);
  });

  it('adds a regional regulation and cites it; a duplicate citation is refused', async () => {
    const perbup = {
      kind: 'Perbup',
      number: '12',
      year: 2023,
      title: 'Tim Terpadu Penanganan Konflik Sosial',
      regionCode: '15.07',
    };
    const created = await post(officer, '/api/v1/legal-bases', perbup);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().fullName).toBe(
      'Peraturan Bupati Nomor 12 Tahun 2023 tentang Tim Terpadu Penanganan Konflik Sosial',
    );
    expect((await post(officer, '/api/v1/legal-bases', perbup)).json().error.code).toBe(
      'legal_basis.duplicate',
    );
    // Seen by the region's users, not by another regency's.
    const mine = (await ctx.app.inject({ url: '/api/v1/legal-bases', headers: forum.headers })).json();
    expect(mine.items.map((l: { citation: string }) => l.citation)).toEqual(
      expect.arrayContaining([
        'UU 23/2014',
        'UU 7/2012',
        'PP 2/2015',
        'Permendagri 42/2015',
        'Perbup 12/2023',
      ]),
    );
    const other = (
      await ctx.app.inject({ url: '/api/v1/legal-bases', headers: otherOfficer.headers })
    ).json();
    expect(other.items.map((l: { citation: string }) => l.citation)).not.toContain('Perbup 12/2023');
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/meetings/${meetingId}`,
      headers: officer.headers,
      payload: { legalBases: ['UU 7/2012', created.json().id], summary: 'Ringkasan pembahasan.' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().legalBases.map((l: { citation: string }) => l.citation)).toEqual([
      'UU 7/2012',
      'Perbup 12/2023',
    ]);
    // Another regency's meeting cannot cite it.
    const elsewhere = await post(otherOfficer, '/api/v1/meetings', {
      regionCode: '15.04',
      kind: 'rakor',
      title: 'Rakor',
      startsAt: '2024-11-12T09:00',
      legalBases: ['Perbup 12/2023'],
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.code).toBe('meeting.legal_basis_unknown');
  });

  it('invites a registered participant in the app', async () => {
    const res = await post(officer, `/api/v1/meetings/${meetingId}/participants`, {
      name: 'AKBP Kapolres',
      position: 'Kapolres Tanjung Jabung Timur',
      institution: 'Polres',
      attended: true,
      userId: forum.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const invitations = await ctx.app.inject({ url: '/api/v1/me/invitations', headers: forum.headers });
    expect(invitations.statusCode).toBe(200);
    expect(invitations.json().items).toEqual([
      expect.objectContaining({
        participantId: res.json().id,
        meeting: expect.objectContaining({ id: meetingId, startsAt: '2024-11-12T09:00:00+07:00' }),
      }),
    ]);
    expect(
      (await ctx.app.inject({ url: '/api/v1/me/invitations', headers: officer.headers })).json().items,
    ).toEqual([]);
  });

  it('stores attachments by content and serves them back to readers only', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const boundary = '----sinergi-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="undangan rakor.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/attachments?kind=invitation`,
      headers: { ...officer.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const attachment = res.json().attachments[0];
    expect(attachment).toMatchObject({
      kind: 'invitation',
      name: 'undangan rakor.pdf',
      mime: 'application/pdf',
    });
    const download = await ctx.app.inject({
      url: `/api/v1/meetings/${meetingId}/attachments/${attachment.id}`,
      headers: forum.headers,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const outsider = await ctx.app.inject({
      url: `/api/v1/meetings/${meetingId}/attachments/${attachment.id}`,
      headers: otherOfficer.headers,
    });
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().error.code).toBe('meeting.not_found');
  });
});

describe('the OpenAPI document', () => {
  it('describes the meetings routes with their request schemas', async () => {
    const res = await ctx.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const paths = res.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/meetings',
        '/api/v1/meetings/{id}/participants',
        '/api/v1/meetings/{id}/decisions',
        '/api/v1/meetings/{id}/minutes.pdf',
        '/api/v1/follow-ups',
        '/api/v1/follow-ups/{id}',
        '/api/v1/legal-bases',
      ]),
    );
    expect(paths['/api/v1/meetings/{id}/decisions'].post.requestBody).toBeDefined();
  });
});

async function countAudit(entityType: string, entityId: string): Promise<number> {
  const row = await ctx.database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
