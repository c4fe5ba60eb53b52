import crypto from 'node:crypto';
import type { Agency, PledgeCampaign } from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { TestContext, TestUser } from '../../../test/harness.ts';

/** Small factories and file fixtures for this module's tests (and its access-matrix cases). */

export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
/** An MP4 as far as its type goes: an ftyp box of brand isom, then filler. */
export const MP4_BYTES = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  crypto.randomBytes(2048),
]);
export const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('not really an image, but typed by its first bytes'),
]);

export const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A multipart/form-data body: the text fields first, then the files, as the web form sends them. */
export function multipart(
  fields: Record<string, string>,
  files: FilePart[] = [],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----sinergi${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const scanPart = (data: Buffer = PDF_BYTES, contentType = 'application/pdf'): FilePart => ({
  field: 'scan',
  filename: 'fakta-integritas.pdf',
  contentType,
  data,
});
export const videoPart = (data: Buffer = MP4_BYTES): FilePart => ({
  field: 'video',
  filename: 'deklarasi.mp4',
  contentType: 'video/mp4',
  data,
});

/** A clock the test sets by hand. */
export function manualClock(iso: string): Clock & { set: (iso: string) => void } {
  let now = new Date(iso);
  return { now: () => now, set: (value: string) => (now = new Date(value)) };
}

let counter = 0;

/** An officer for a region: a regency officer for a regency code, a province officer for a province. */
export function officerFor(ctx: TestContext, regionCode: string): Promise<TestUser> {
  return ctx.user(regionCode.includes('.') ? 'regency_officer' : 'province_officer', regionCode);
}

export async function createAgency(
  ctx: TestContext,
  officer: TestUser,
  regionCode: string,
  extra: Record<string, unknown> = {},
): Promise<Agency> {
  counter += 1;
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/agencies',
    headers: officer.headers,
    payload: {
      regionCode,
      name: `Dinas Uji ${counter} ${crypto.randomBytes(3).toString('hex')}`,
      headName: `Kepala ${counter}`,
      ...extra,
    },
  });
  if (response.statusCode !== 201) throw new Error(`agency: ${response.statusCode} ${response.body}`);
  return response.json<Agency>();
}

export async function createCampaign(
  ctx: TestContext,
  officer: TestUser,
  regionCode: string,
  extra: Record<string, unknown> = {},
): Promise<PledgeCampaign> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/pledge-campaigns',
    headers: officer.headers,
    payload: {
      regionCode,
      title: 'Fakta integritas uji',
      deadline: '2024-09-30',
      requireVideo: false,
      ...extra,
    },
  });
  if (response.statusCode !== 201) throw new Error(`campaign: ${response.statusCode} ${response.body}`);
  return response.json<PledgeCampaign>();
}

/** Makes `head` (an agency_head user) the head of `agencyId`, releasing any agency it headed. */
export async function linkHead(ctx: TestContext, head: TestUser, agencyId: string): Promise<void> {
  const db = ctx.database.db.withTables<{
    agencies: { id: string; head_user_id: string | null; head_username: string | null };
  }>();
  await db
    .updateTable('agencies')
    .set({ head_user_id: null, head_username: null })
    .where('head_user_id', '=', head.id)
    .execute();
  await db
    .updateTable('agencies')
    .set({ head_user_id: head.id, head_username: head.username })
    .where('id', '=', agencyId)
    .execute();
}

export async function submitPledge(
  ctx: TestContext,
  user: TestUser,
  campaignId: string,
  fields: Record<string, string>,
  files: FilePart[] = [scanPart()],
) {
  const body = multipart(fields, files);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/pledge-campaigns/${campaignId}/pledges`,
    headers: { ...user.headers, ...body.headers },
    payload: body.payload,
  });
}

/** An SMTP server on 127.0.0.1 that keeps what it receives (recipients and raw text). */
export async function smtpCapture(): Promise<{
  url: string;
  mails: Array<{ to: string[]; raw: string }>;
  close: () => Promise<void>;
}> {
  const { SMTPServer } = await import('smtp-server');
  const mails: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
