import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency, Pledge, PledgeCampaign } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import {
  createAgency,
  createCampaign,
  linkHead,
  manualClock,
  MP4_BYTES,
  multipart,
  PDF_BYTES,
  PNG_BYTES,
  scanPart,
  sha256,
  submitPledge,
  videoPart,
} from './test-helpers.ts';

const clock = manualClock('2024-09-28T10:00:00+08:00');
let ctx: TestContext;
let officer: TestUser;
let campaign: PledgeCampaign;

const countPledges = async () => {
  const db = ctx.database.db.withTables<{
    pledges: { id: string };
    pledge_versions: { pledge_id: string };
  }>();
  const pledges = await db
    .selectFrom('pledges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom('pledge_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { pledges: Number(pledges.n), versions: Number(versions.n) };
};

const download = (user: TestUser, url: string) =>
  ctx.app.inject({ method: 'GET', url, headers: user.headers });

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  officer = await ctx.user('regency_officer', '51.06');
  campaign = await createCampaign(ctx, officer, '51.06', { requireVideo: true });
});
afterAll(() => ctx.close());

describe('pledge uploads', () => {
  it('refuses a scan whose content is not the declared type, and stores nothing', async () => {
    const agency = await createAgency(ctx, officer, '51.06');
    const before = await countPledges();
    const mismatch = await submitPledge(
      ctx,
      officer,
      campaign.id,
      { agencyId: agency.id, signedOn: '2024-09-28' },
      [scanPart(PNG_BYTES, 'application/pdf')],
    );
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json<{ error: { code: string } }>().error.code).toBe('upload.type_mismatch');
    const notAllowed = await submitPledge(
      ctx,
      officer,
      campaign.id,
      { agencyId: agency.id, signedOn: '2024-09-28' },
      [scanPart(MP4_BYTES, 'video/mp4')],
    );
    expect(notAllowed.statusCode).toBe(415);
    expect(notAllowed.json<{ error: { code: string } }>().error.code).toBe('upload.type_not_allowed');
    const videoAsScan = await submitPledge(
      ctx,
      officer,
      campaign.id,
      { agencyId: agency.id, signedOn: '2024-09-28' },
      [scanPart(), { ...videoPart(PDF_BYTES), contentType: 'video/mp4' }],
    );
    expect(videoAsScan.statusCode).toBe(415);
    expect(await countPledges()).toEqual(before);
  });

  it('stores the scan and video with their SHA-256 and serves the same bytes back', async () => {
    const agency = await createAgency(ctx, officer, '51.06');
    const response = await submitPledge(
      ctx,
      officer,
      campaign.id,
      { agencyId: agency.id, signedOn: '2024-09-28' },
      [scanPart(), videoPart()],
    );
    expect(response.statusCode, response.body).toBe(201);
    const pledge = response.json<Pledge>();
    expect(pledge.scan).toMatchObject({
      sha256: sha256(PDF_BYTES),
      size: PDF_BYTES.length,
      mime: 'application/pdf',
    });
    expect(pledge.video).toMatchObject({
      sha256: sha256(MP4_BYTES),
      size: MP4_BYTES.length,
      mime: 'video/mp4',
    });
    const file = await download(officer, pledge.scan.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(sha256(file.rawPayload)).toBe(pledge.scan.sha256);
    const video = await download(officer, pledge.video?.url ?? '');
    expect(sha256(video.rawPayload)).toBe(sha256(MP4_BYTES));
  });

  it('keeps the history of a re-upload: older versions stay listed and downloadable', async () => {
    const agency = await createAgency(ctx, officer, '51.06');
    const first = (
      await submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn: '2024-09-28' }, [
        scanPart(),
      ])
    ).json<Pledge>();
    const newScan = Buffer.concat([PDF_BYTES, Buffer.from('% second scan\n')]);
    const second = await submitPledge(ctx, officer, campaign.id, { agencyId: agency.id }, [
      scanPart(newScan),
    ]);
    expect(second.statusCode, second.body).toBe(200);
    const pledge = second.json<Pledge>();
    expect(pledge.id).toBe(first.id);
    expect(pledge.version).toBe(2);
    expect(pledge.scan.sha256).toBe(sha256(newScan));
    expect(pledge.signedOn).toBe('2024-09-28');
    expect(pledge.versions.map((v) => [v.version, v.scan.sha256, v.changed])).toEqual([
      [2, sha256(newScan), ['scan']],
      [1, sha256(PDF_BYTES), ['signedOn', 'scan']],
    ]);
    const old = await download(officer, pledge.versions[1]?.scan.url ?? '');
    expect(sha256(old.rawPayload)).toBe(sha256(PDF_BYTES));
    // A video link added later is a version of its own; the scan carries over.
    const third = await submitPledge(
      ctx,
      officer,
      campaign.id,
      { agencyId: agency.id, videoUrl: 'https://example.org/v/1' },
      [],
    );
    expect(third.statusCode, third.body).toBe(200);
    expect(third.json<Pledge>()).toMatchObject({
      version: 3,
      videoUrl: 'https://example.org/v/1',
      scan: { sha256: sha256(newScan) },
    });
  });

  it('an officer verifies a pledge only with the required video, and a verified pledge cannot be replaced', async () => {
    const agency = await createAgency(ctx, officer, '51.06');
    const pledge = (
      await submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn: '2024-09-28' }, [
        scanPart(),
      ])
    ).json<Pledge>();
    const reviewUrl = `/api/v1/pledge-campaigns/${campaign.id}/pledges/${pledge.id}/review`;
    const noVideo = await ctx.app.inject({
      method: 'POST',
      url: reviewUrl,
      headers: officer.headers,
      payload: { decision: 'verified' },
    });
    expect(noVideo.statusCode).toBe(409);
    expect(noVideo.json<{ error: { code: string } }>().error.code).toBe('pledge.video_required');
    const noReason = await ctx.app.inject({
      method: 'POST',
      url: reviewUrl,
      headers: officer.headers,
      payload: { decision: 'returned' },
    });
    expect(noReason.statusCode).toBe(400);
    const returned = await ctx.app.inject({
      method: 'POST',
      url: reviewUrl,
      headers: officer.headers,
      payload: { decision: 'returned', reason: 'Video deklarasi belum ada' },
    });
    expect(returned.json<Pledge>()).toMatchObject({
      status: 'returned',
      returnReason: 'Video deklarasi belum ada',
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: reviewUrl,
      headers: officer.headers,
      payload: { decision: 'verified' },
    });
    expect(again.statusCode).toBe(409);
    await submitPledge(ctx, officer, campaign.id, { agencyId: agency.id }, [videoPart()]);
    const verified = await ctx.app.inject({
      method: 'POST',
      url: reviewUrl,
      headers: officer.headers,
      payload: { decision: 'verified' },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json<Pledge>()).toMatchObject({ status: 'verified', version: 2 });
    expect(verified.json<Pledge>().reviews.map((r) => [r.decision, r.version])).toEqual([
      ['verified', 2],
      ['returned', 1],
    ]);
    const replace = await submitPledge(ctx, officer, campaign.id, { agencyId: agency.id }, [scanPart()]);
    expect(replace.statusCode).toBe(409);
    expect(replace.json<{ error: { code: string } }>().error.code).toBe('pledge.already_verified');
  });

  it('refuses bad submissions with a 4xx and writes nothing', async () => {
    const agency = await createAgency(ctx, officer, '51.06');
    const outside = await createAgency(ctx, await ctx.user('regency_officer', '51.01'), '51.01');
    const before = await countPledges();
    const cases: Array<[string, Promise<{ statusCode: number; body: string }>, number, string]> = [
      [
        'future signing day',
        submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn: '2024-10-05' }),
        400,
        'pledge.signed_on_invalid',
      ],
      [
        'no scan on the first upload',
        submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn: '2024-09-28' }, []),
        400,
        'pledge.scan_required',
      ],
      [
        'no signing day on the first upload',
        submitPledge(ctx, officer, campaign.id, { agencyId: agency.id }),
        400,
        'validation.invalid',
      ],
      [
        'bad date',
        submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn: '30/09/2024' }),
        400,
        'validation.invalid',
      ],
      [
        'bad video link',
        submitPledge(ctx, officer, campaign.id, {
          agencyId: agency.id,
          signedOn: '2024-09-28',
          videoUrl: 'javascript:alert(1)',
        }),
        400,
        'validation.invalid',
      ],
      [
        'unknown agency',
        submitPledge(ctx, officer, campaign.id, {
          agencyId: '00000000-0000-4000-8000-000000000000',
          signedOn: '2024-09-28',
        }),
        404,
        'agency.not_found',
      ],
      [
        'agency of another regency',
        submitPledge(ctx, officer, campaign.id, { agencyId: outside.id, signedOn: '2024-09-28' }),
        404,
        'agency.not_found',
      ],
      [
        'unexpected file field',
        submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn: '2024-09-28' }, [
          { ...scanPart(), field: 'photo' },
        ]),
        400,
        'validation.invalid',
      ],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status);
      expect(JSON.parse(response.body).error.code, name).toBe(code);
    }
    // Fields after the file: the server cannot check them before storing it.
    const body = multipart({}, [scanPart()]);
    const boundary = body.headers['content-type']?.split('boundary=')[1] ?? '';
    const trailingField = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="agencyId"\r\n\r\n${agency.id}\r\n--${boundary}--\r\n`,
    );
    const late = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges`,
      headers: { ...officer.headers, ...body.headers },
      payload: Buffer.concat([
        body.payload.subarray(0, body.payload.length - `--${boundary}--\r\n`.length),
        trailingField,
      ]),
    });
    expect(late.statusCode, late.body).toBe(400);
    expect(late.json<{ error: { code: string } }>().error.code).toBe('pledge.fields_first');
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges`,
      headers: officer.headers,
      payload: { agencyId: agency.id, signedOn: '2024-09-28' },
    });
    expect(json.statusCode).toBe(415);
    expect(await countPledges()).toEqual(before);
  });

  it('an agency of a district inside the campaign region belongs to it; one outside does not', async () => {
    const province = await ctx.user('province_officer', '51');
    const badung = await createAgency(ctx, province, '51.03');
    const response = await submitPledge(ctx, province, campaign.id, {
      agencyId: badung.id,
      signedOn: '2024-09-28',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('pledge.agency_outside_campaign');
  });
});

describe('an agency head', () => {
  let own: Agency;
  let other: Agency;
  let head: TestUser;
  let otherPledge: Pledge;

  beforeAll(async () => {
    own = await createAgency(ctx, officer, '51.06');
    other = await createAgency(ctx, officer, '51.06');
    head = await ctx.user('agency_head', '51.06');
    await linkHead(ctx, head, own.id);
    otherPledge = (
      await submitPledge(ctx, officer, campaign.id, { agencyId: other.id, signedOn: '2024-09-28' })
    ).json<Pledge>();
  });

  it('uploads and reads their own agency’s pledge', async () => {
    const response = await submitPledge(
      ctx,
      head,
      campaign.id,
      { agencyId: own.id, signedOn: '2024-09-28' },
      [scanPart(), videoPart()],
    );
    expect(response.statusCode, response.body).toBe(201);
    const pledge = response.json<Pledge>();
    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges/${pledge.id}`,
      headers: head.headers,
    });
    expect(read.statusCode).toBe(200);
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}`,
      headers: head.headers,
    });
    expect(mine.json<PledgeCampaign>()).toMatchObject({
      progress: null,
      mine: { agency: { id: own.id }, pledge: { id: pledge.id } },
    });
    const pact = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/agencies/${own.id}/pact.pdf`,
      headers: head.headers,
    });
    expect(pact.statusCode).toBe(200);
    expect(pact.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('can neither write nor read another agency’s pledge', async () => {
    const write = await submitPledge(ctx, head, campaign.id, { agencyId: other.id, signedOn: '2024-09-28' });
    expect(write.statusCode).toBe(403);
    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges/${otherPledge.id}`,
      headers: head.headers,
    });
    expect(read.statusCode).toBe(403);
    const file = await download(head, otherPledge.scan.url);
    expect(file.statusCode).toBe(403);
    const pact = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/agencies/${other.id}/pact.pdf`,
      headers: head.headers,
    });
    expect(pact.statusCode).toBe(403);
    const agency = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/agencies/${other.id}`,
      headers: head.headers,
    });
    expect(agency.statusCode).toBe(403);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/agencies', headers: head.headers });
    expect(list.json<{ items: Agency[] }>().items.map((a) => a.id)).toEqual([own.id]);
    const board = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges`,
      headers: head.headers,
    });
    expect(board.statusCode).toBe(403);
    const review = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges/${otherPledge.id}/review`,
      headers: head.headers,
      payload: { decision: 'verified' },
    });
    expect(review.statusCode).toBe(403);
  });
});

describe('documents', () => {
  it('exports the compliance board as XLSX and PDF', async () => {
    for (const [format, magic] of [
      ['xlsx', 'PK'],
      ['pdf', '%PDF'],
    ] as const) {
      const response = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/pledge-campaigns/${campaign.id}/board.${format}`,
        headers: officer.headers,
      });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      expect(response.rawPayload.subarray(0, magic.length).toString()).toBe(magic);
    }
    const rollup = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/pledge-campaigns/rollup.xlsx?region=51.06',
      headers: officer.headers,
    });
    expect(rollup.statusCode).toBe(200);
    expect(rollup.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
